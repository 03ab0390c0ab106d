#!/usr/bin/env bash
# Builds the zip App Service runs from (`npm run bundle` → dist/bpv-app.zip; WEBSITE_RUN_FROM_PACKAGE=1
# in infra/main.bicep): the compiled bot, the files it reads at run time (card templates, web page,
# qualification data, the PDF fonts) and, of the installed dependencies, only the files its code
# reaches from its entry points (traced by @vercel/nft, infra/trace-bundle.mjs): no TypeScript,
# tests, Playground, Azurite or Chromium. It is the production build (tsconfig.build.json), which
# compiles no local-mode file (src/local/). App Service starts it with `node dist/src/main.js` and
# builds nothing itself.
set -euo pipefail
cd "$(dirname "$0")/.."

npx tsc -b tsconfig.build.json
rm -rf dist/release dist/bpv-app.zip dist/bundle-files.txt

{
  node infra/trace-bundle.mjs .
  find cards assets web src/qualifications -type f ! -name '*.ts'
  echo package.json
  # The trainer page serves these from node_modules by path (src/web/trainer-endpoint.ts).
  echo node_modules/adaptivecards/dist/adaptivecards.min.js
  echo node_modules/markdown-it/dist/browser/markdown-it.umd.min.js
} | sort -u > dist/bundle-files.txt

mkdir -p dist/release
xargs -d '\n' -a dist/bundle-files.txt cp --parents -t dist/release
(cd dist/release && zip -qr -X ../bpv-app.zip .)
echo "geschreven: dist/bpv-app.zip ($(wc -l < dist/bundle-files.txt) bestanden, $(du -k dist/bpv-app.zip | cut -f1) kB)"
