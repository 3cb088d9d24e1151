#!/bin/sh
# Installs civicbrief under DESTDIR/PREFIX (run by `make install`; the e2e tests stage it into a
# temporary folder): the binary in bin/, the fonts and shipped templates in share/civicbrief/ (where
# the binary looks for them), the man pages swift-argument-parser generated (MANUALS, a folder of
# *.1 files) in share/man/man1/, and bash, zsh and fish completions the binary writes itself.
# usage: install.sh BINARY MANUALS PREFIX [DESTDIR]
set -eu
binary=$1 manuals=$2 prefix=$3 destdir=${4:-}
root="$destdir$prefix"
install -d "$root/bin" "$root/share/civicbrief" "$root/share/man/man1" \
           "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"
install -m 755 "$binary" "$root/bin/civicbrief"
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$root/share/civicbrief/Fonts" "$root/share/civicbrief/Templates"
cp -R "$here/Fonts" "$here/Templates" "$root/share/civicbrief/"
for page in "$manuals"/*.1; do install -m 644 "$page" "$root/share/man/man1/"; done
"$binary" --generate-completion-script bash > "$root/share/bash-completion/completions/civicbrief"
"$binary" --generate-completion-script zsh > "$root/share/zsh/site-functions/_civicbrief"
"$binary" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/civicbrief.fish"
echo "installed civicbrief in $root/bin, its fonts and templates in $root/share/civicbrief"
