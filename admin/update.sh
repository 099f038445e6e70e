#!/usr/bin/env bash
# Refresh vendor/ with the Decap CMS bundle of the version pinned in package.json.
# The tarball's sha512 must match the integrity recorded in package-lock.json (change
# both with `npm install --package-lock-only --save-exact decap-cms@X.Y.Z` first).
# Only the browser bundle is kept: the main file, its lazy chunks, the WebP encoders
# (.wasm, used on image upload) and the licences of what it bundles.
set -euo pipefail
cd "$(dirname "$0")"
version=$(node -p 'require("./package.json").devDependencies["decap-cms"]')
want=$(node -p 'require("./package-lock.json").packages["node_modules/decap-cms"].integrity')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "decap-cms@$version" > /dev/null)
got="sha512-$(openssl dgst -sha512 -binary "$tmp"/decap-cms-"$version".tgz | base64 -w0)"
if [ "$got" != "$want" ]; then
  echo "decap-cms@$version: the tarball's integrity is not the lock file's" >&2
  exit 1
fi
tar -xzf "$tmp"/decap-cms-"$version".tgz -C "$tmp"
rm -rf vendor
mkdir vendor
dist="$tmp/package/dist"
cp "$dist"/decap-cms.js "$dist"/*.decap-cms.js "$dist"/*.wasm "$dist"/decap-cms.js.LICENSE.txt vendor/
echo "vendor/: decap-cms $version, $(ls vendor | wc -l) files, $(du -sh vendor | cut -f1)"
