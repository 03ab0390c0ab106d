// pdf.js is an ES module that loads its worker with a dynamic import, which Jest's module system
// refuses: the text is read in a process of its own.
const { readFileSync } = require('node:fs');

async function main() {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(readFileSync(process.argv[2]));
  const document = await pdfjs.getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= document.numPages; n += 1) {
    const page = await document.getPage(n);
    const content = await page.getTextContent();
    const items = content.items
      .filter((item) => 'str' in item)
      .map((item) => ({ str: item.str, x: item.transform[4], y: item.transform[5], eol: item.hasEOL }));
    pages.push({ text: items.map((i) => i.str + (i.eol ? '\n' : '')).join(''), items });
  }
  const { info } = await document.getMetadata();
  process.stdout.write(JSON.stringify({ pages, info }));
  await document.destroy();
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
