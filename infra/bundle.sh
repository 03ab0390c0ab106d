#!/usr/bin/env bash
# Builds the zip that App Service runs (`npm run bundle` → dist/bpv-app.zip): the compiled bot, the
# files it reads at run time (card templates, qualification data, the PDF fonts) and its production dependencies.
# App Service starts it with `node dist/src/main.js` (infra/main.bicep) and builds nothing itself.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build --silent
rm -rf dist/bundle dist/bpv-app.zip
mkdir -p dist/bundle/dist dist/bundle/src
cp -r dist/src dist/bundle/dist/
cp -r cards assets web package.json package-lock.json dist/bundle/
cp -r src/qualifications dist/bundle/src/
(cd dist/bundle && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
(cd dist/bundle && zip -qr ../bpv-app.zip .)
echo "geschreven: dist/bpv-app.zip"
