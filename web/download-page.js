// The download page: reads the link's token from the address's fragment (which never reaches a
// server), asks the bot what the link gives, and posts the token with the page's form when the
// button is pressed, so the browser saves the answer as a file. Opening the page spends nothing.
(() => {
  const texts = JSON.parse(document.getElementById('texts').textContent);
  const title = document.getElementById('title');
  const message = document.getElementById('message');
  const form = document.getElementById('download');
  const button = form.querySelector('button');
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));

  const refuse = (text) => {
    form.hidden = true;
    message.textContent = text;
  };

  const show = (file) => {
    const words = texts.files[file];
    if (!words) return refuse(texts.unknown);
    document.title = words.title;
    title.textContent = words.title;
    message.textContent = words.once;
    button.textContent = words.button;
    form.elements.token.value = token;
    form.hidden = false;
  };

  form.addEventListener('submit', () => {
    // The file comes as an attachment: the page stays, and the link is used from here on.
    setTimeout(() => refuse(texts.started), 0);
  });

  if (!token) {
    refuse(texts.unknown);
    return;
  }
  fetch('/downloads/status', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
    cache: 'no-store',
  })
    .then((response) => response.json())
    .then(
      (answer) => {
        if (answer.state === 'valid') show(answer.file);
        else refuse(texts[answer.state] || texts.failed);
      },
      () => refuse(texts.failed),
    );
})();
