// Runs inside the gallery's browser page, next to the Adaptive Cards renderer (`AdaptiveCards`) and
// markdown-it (`markdownit`, which the renderer picks up for TextBlock and FactSet markdown as a host
// would; Teams supports a subset of it: bold, italic, lists and links).
(() => {
  function describe(element) {
    const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/) : [];
    const name = [element.tagName.toLowerCase(), ...classes.filter(Boolean)].join('.');
    const text = (element.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return text ? `${name} "${text}"` : name;
  }

  /**
   * Parses, validates and renders `card` into a new frame `width` pixels wide at the end of the page;
   * returns what the renderer complained about.
   */
  function render(caseId, card, hostConfig, width) {
    const box = document.createElement('div');
    box.className = 'case';
    box.id = caseId;
    const frame = document.createElement('div');
    frame.className = 'card-frame';
    frame.style.width = `${width}px`;
    box.appendChild(frame);
    document.body.appendChild(box);
    const AC = window.AdaptiveCards;
    const problems = [];
    // Teams renders schema 1.5: anything newer is reported while parsing.
    const context = new AC.SerializationContext(AC.Versions.v1_5);
    const adaptiveCard = new AC.AdaptiveCard();
    adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
    adaptiveCard.parse(card, context);
    for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
    for (const event of adaptiveCard.validateProperties().validationEvents) {
      problems.push(`validation: ${event.message}`);
    }
    const element = adaptiveCard.render();
    if (element) frame.appendChild(element);
    else problems.push('render: the renderer produced no element');
    return problems;
  }

  /**
   * Elements that stick out of the card (right edge past the card's own right edge), and elements
   * whose content is cut off inside them (wider than their box while hiding the overflow).
   */
  function measure(caseId) {
    const card = document.getElementById(caseId).querySelector('.ac-adaptiveCard');
    if (!card) return { overflow: ['no card rendered'], clipped: [] };
    const limit = card.getBoundingClientRect().right;
    const overflow = [];
    const clipped = [];
    for (const element of card.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Half a pixel of slack for sub-pixel layout.
      if (box.right > limit + 0.5)
        overflow.push(`${describe(element)} ends ${Math.ceil(box.right - limit)}px past the card`);
      const style = getComputedStyle(element);
      if (style.overflowX === 'hidden' && element.scrollWidth > element.clientWidth + 1) {
        clipped.push(
          `${describe(element)} is cut off (${element.scrollWidth}px in ${element.clientWidth}px)`,
        );
      }
    }
    return { overflow, clipped, brokenWords: brokenWords(card) };
  }

  /**
   * Words the layout broke across two lines inside the word ("informatieb / ehoefte"), which a
   * column too narrow for its longest word causes. A break at a hyphen or slash is a proper one.
   */
  function brokenWords(card) {
    const broken = [];
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent || '';
      for (const match of text.matchAll(/[^\s\-/–]+/g)) {
        if (match[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(`"${match[0]}" in ${describe(node.parentElement)}`);
      }
    }
    return broken;
  }

  window.cardGallery = { render, measure };
})();
