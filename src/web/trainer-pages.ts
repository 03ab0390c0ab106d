/** The HTML of the trainer's pages: Dutch, static, with no data of anyone in them. */

const HEAD = (title: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="ASSETS/teams-light.css">
<link rel="stylesheet" href="ASSETS/trainer-page.css">`;

const REQUEST_FORM = `<form class="request" method="post" action="REQUEST">
<label for="email" data-text="email_label">Je e-mailadres</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254">
<button type="submit" data-text="request_button">Stuur mij een nieuwe link</button>
</form>`;

function page(title: string, body: string, paths: { assets: string; request: string }): string {
  return `${HEAD(title)}${body}`.replaceAll('ASSETS', paths.assets).replaceAll('REQUEST', paths.request);
}

/**
 * The trainer's page: the card and, when the link does not work, why and the form for a new one.
 * The link's token is in the address's fragment, which only the page's script reads.
 */
export function trainerPage(paths: { assets: string; request: string }): string {
  return page(
    'Afsprakenlijst BPV',
    `
<script src="ASSETS/adaptivecards.min.js" defer></script>
<script src="ASSETS/markdown-it.min.js" defer></script>
<script src="ASSETS/trainer-page.js" defer></script>
</head><body>
<header><nav class="page-links"><button id="help" type="button" data-text="help">Hulp</button><button id="language" type="button" data-text="switch_language" lang="en">English</button></nav><h1 data-text="title">Afsprakenlijst BPV</h1><p data-text="subtitle">voor de praktijkopleider</p></header>
<main>
<p id="busy" class="busy" role="status" aria-live="polite"></p>
<div id="card" class="card-frame" hidden></div>
<section id="link-problem" hidden>
<h2 id="problem-title"></h2>
<p id="problem-text"></p>
${REQUEST_FORM}
</section>
<noscript><p>Deze pagina heeft JavaScript nodig. / This page needs JavaScript.</p></noscript>
</main>
</body></html>`,
    paths,
  );
}

/** The form to ask for a new link, on its own. */
export function requestPage(paths: { assets: string; request: string }): string {
  return page(
    'Nieuwe link aanvragen',
    `
</head><body>
<header><h1>Nieuwe link aanvragen</h1><p>voor de praktijkopleider</p></header>
<main>
<section>
<p>Vul het e-mailadres in waarop je de berichten over de afsprakenlijst krijgt. Hoort het bij een praktijkopleider, dan sturen we een nieuwe link.</p>
${REQUEST_FORM}
</section>
</main>
</body></html>`,
    paths,
  );
}

/** What the form answers, whatever the address: it reveals nothing about who is known. */
export function requestedPage(paths: { assets: string; request: string }): string {
  return page(
    'Nieuwe link aangevraagd',
    `
</head><body>
<header><h1>Nieuwe link aangevraagd</h1><p>voor de praktijkopleider</p></header>
<main>
<section>
<p id="requested">Als dit adres bij een praktijkopleider hoort, is er een e-mail met een nieuwe link onderweg. Kijk ook in je map met ongewenste e-mail.</p>
<p>If this address belongs to a workplace trainer, an e-mail with a new link is on its way.</p>
</section>
</main>
</body></html>`,
    paths,
  );
}
