// The trainer's page: draws the bot's Adaptive Cards with Microsoft's renderer and posts their
// actions, with the link's token (from the address's fragment, which never reaches a server) as a
// bearer token. Served from this folder with a policy that allows only the page's own files.
(() => {
  const TEXTS = {
    nl: {
      title: 'Afsprakenlijst BPV',
      subtitle: 'voor de praktijkopleider',
      busy: 'Even geduld…',
      expired_title: 'Deze link is verlopen',
      expired_text: 'Vraag hieronder een nieuwe link aan; je krijgt hem per e-mail.',
      invalid_title: 'Deze link werkt niet',
      invalid_text:
        'De link is onvolledig, niet (meer) geldig of niet voor deze afsprakenlijst. Vraag hieronder een nieuwe link aan; je krijgt hem per e-mail.',
      failed: 'Dat lukte nu niet. Probeer het zo nog eens.',
      email_label: 'Je e-mailadres',
      request_button: 'Stuur mij een nieuwe link',
      switch_language: 'English',
      help: 'Hulp',
    },
    en: {
      title: 'BPV agreement list',
      subtitle: 'for the workplace trainer',
      busy: 'One moment…',
      expired_title: 'This link has expired',
      expired_text: 'Ask for a new link below; it comes by e-mail.',
      invalid_title: 'This link does not work',
      invalid_text:
        'The link is incomplete, no longer valid or not for this list. Ask for a new link below; it comes by e-mail.',
      failed: 'That did not work just now. Please try again shortly.',
      email_label: 'Your e-mail address',
      request_button: 'Send me a new link',
      switch_language: 'Nederlands',
      help: 'Help',
    },
  };

  // The school's language, as in the mails, unless the trainer picked another on this page (kept
  // in this browser only). The browser's own language is not followed: the mails and the page agree.
  const LANGUAGE_KEY = 'bpv-trainer-page-language';
  const stored = (() => {
    try {
      return localStorage.getItem(LANGUAGE_KEY);
    } catch {
      return null;
    }
  })();
  const language = stored === 'en' ? 'en' : 'nl';
  const locale = language === 'en' ? 'en-GB' : 'nl-NL';
  const text = TEXTS[language];
  const API = '/praktijkopleider/api/action';
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));

  const cardBox = document.getElementById('card');
  const busy = document.getElementById('busy');
  const problem = document.getElementById('link-problem');
  let hostConfig;
  let working = false;
  // How many cards the page has shown: a new number means the answer to an action is in place.
  let shown = 0;

  document.documentElement.lang = language;
  for (const element of document.querySelectorAll('[data-text]')) {
    const value = text[element.getAttribute('data-text')];
    if (value) element.textContent = value;
  }
  document.title = text.title;
  const switcher = document.getElementById('language');
  switcher.lang = language === 'en' ? 'nl' : 'en';
  switcher.addEventListener('click', () => {
    try {
      localStorage.setItem(LANGUAGE_KEY, language === 'en' ? 'nl' : 'en');
    } catch {
      // Without storage the choice lasts this page only.
    }
    // Everything is saved on the server: the page comes back on the same card, in the other language.
    location.reload();
  });
  // Help for the page itself: how it works, instead of the chat's commands.
  document.getElementById('help').addEventListener('click', () => {
    if (token) void act('help', {});
  });

  const markdown = window.markdownit({ html: false, linkify: false, breaks: false });
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (source, result) => {
    result.outputHtml = markdown.render(source);
    result.didProcess = true;
  };

  function showProblem(reason) {
    cardBox.hidden = true;
    cardBox.replaceChildren();
    document.getElementById('problem-title').textContent = text[`${reason}_title`];
    document.getElementById('problem-text').textContent = text[`${reason}_text`];
    problem.hidden = false;
    shown += 1;
    document.body.dataset.shown = String(shown);
  }

  function setWorking(on) {
    working = on;
    busy.textContent = on ? text.busy : '';
    cardBox.setAttribute('aria-busy', on ? 'true' : 'false');
    cardBox.inert = on;
  }

  // The renderer writes its layout into inline styles made for a wide chat pane: one row of buttons
  // whose texts end in "…", small radio buttons. On the page they wrap, stay whole and fit a finger.
  function fitToScreen(element) {
    element.style.overflow = 'visible';
    for (const set of element.querySelectorAll('.ac-actionSet')) {
      set.style.flexWrap = 'wrap';
      set.style.gap = '0.5rem';
      // The renderer's spacers between buttons: the gap does their work when the row wraps.
      for (const spacer of set.children) {
        if (!spacer.classList.contains('ac-pushButton') && spacer.children.length === 0)
          spacer.style.display = 'none';
      }
    }
    for (const button of element.querySelectorAll('.ac-pushButton')) {
      for (const part of [button, ...button.querySelectorAll('*')]) {
        part.style.whiteSpace = 'normal';
        part.style.overflow = 'visible';
        part.style.textOverflow = 'clip';
      }
      button.style.flex = '1 1 auto';
    }
    for (const choice of element.querySelectorAll('input[type="radio"], input[type="checkbox"]')) {
      choice.style.width = '1.5rem';
      choice.style.height = '1.5rem';
      choice.style.minWidth = '1.5rem';
      choice.style.flex = '0 0 auto';
    }
    // The card's own buttons (its last action set) stay at the bottom of the screen.
    const actionSets = [...element.querySelectorAll('.ac-actionSet')];
    const own = actionSets.at(-1);
    if (own) own.classList.add('card-actions');
  }

  function render(json) {
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = (action) => {
      if (action instanceof AdaptiveCards.OpenUrlAction) {
        window.open(action.url, '_blank', 'noopener,noreferrer');
      } else if (action instanceof AdaptiveCards.ExecuteAction) {
        void act(action.verb, action.data || {});
      } else if (action instanceof AdaptiveCards.SubmitAction) {
        const data = action.data || {};
        void act(data.verb, data);
      }
    };
    card.parse(json, new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5));
    const element = card.render();
    fitToScreen(element);
    // The new card takes the old one's place where the reader is: the page does not jump to the top.
    const { scrollX, scrollY } = window;
    problem.hidden = true;
    cardBox.replaceChildren(element);
    cardBox.hidden = false;
    // Room below the card for its buttons, which stay at the bottom of the screen.
    const actions = element.querySelector('.card-actions');
    document.body.style.paddingBottom = actions ? `${actions.offsetHeight + 16}px` : '';
    window.scrollTo(scrollX, scrollY);
    shown += 1;
    document.body.dataset.shown = String(shown);
  }

  async function act(verb, data) {
    if (working) return;
    setWorking(true);
    try {
      const response = await fetch(API, {
        method: 'POST',
        credentials: 'omit',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ verb, data, locale }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 401) showProblem(body.reason === 'expired' ? 'expired' : 'invalid');
      else if (response.ok && body.card) render(body.card);
      else busy.textContent = text.failed;
    } catch {
      busy.textContent = text.failed;
      return;
    } finally {
      working = false;
      cardBox.setAttribute('aria-busy', 'false');
      cardBox.inert = false;
    }
    if (busy.textContent === text.busy) busy.textContent = '';
  }

  async function start() {
    if (!token) return showProblem('invalid');
    const response = await fetch('/praktijkopleider/assets/host-config.json');
    hostConfig = new AdaptiveCards.HostConfig(await response.json());
    await act('start', {});
  }

  void start();
})();
