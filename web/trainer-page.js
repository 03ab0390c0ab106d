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
    },
  };

  const locale = navigator.languages?.[0] || navigator.language || 'nl';
  const language = locale.toLowerCase().startsWith('en') ? 'en' : 'nl';
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
    problem.hidden = true;
    cardBox.replaceChildren(element);
    cardBox.hidden = false;
    shown += 1;
    document.body.dataset.shown = String(shown);
    window.scrollTo(0, 0);
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
