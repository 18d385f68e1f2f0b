#!/usr/bin/env bash
# Generates the man page (help2man, from the CLI's own --help) and bash/zsh completions (from the
# subcommand tree and options the CLI prints) into OUTDIR. Usage: gen-docs.sh BULWARK_BIN OUTDIR
set -euo pipefail
BIN=$1
OUT=$2
mkdir -p "$OUT/man/man1" "$OUT/bash-completion/completions" "$OUT/zsh/vendor-completions"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Subcommands and options of one command path, from CLI11's help layout.
subcommands() { "$BIN" "$@" --help 2>/dev/null | awk '/^Subcommands:/{s=1;next} /^[^ ]/{s=0} s && /^  [a-z0-9][a-z0-9_-]*( |$)/{print $1}'; }
options() {
  "$BIN" "$@" --help 2>/dev/null | awk '/^Options:/{s=1;next} /^[^ ]/{s=0}
    s && /^ +-/ { n=split($1, a, ","); for (i=1;i<=n;i++) if (a[i] ~ /^-/) print a[i] }'
}

# Walk the tree (depth-bounded): one line per path "path<TAB>words".
walk() {
  local depth=$1; shift
  local subs opts
  subs=$(subcommands "$@" | tr '\n' ' ')
  opts=$(options "$@" | tr '\n' ' ')
  printf '%s\t%s\n' "$*" "$subs$opts" >> "$tmp/tree"
  [ "$depth" -ge 3 ] && return 0
  local s
  for s in $subs; do walk $((depth + 1)) "$@" "$s"; done
}
: > "$tmp/tree"
walk 0

# Man page: the top-level help plus every subcommand's help as a section.
{
  echo "[COMMANDS]"
  while IFS=$'\t' read -r path _; do
    [ -z "$path" ] && continue
    echo ".SS \"bulwark $path\""
    echo ".nf"
    "$BIN" $path --help 2>/dev/null | sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"
    echo ".fi"
  done < "$tmp/tree"
  echo "[ENVIRONMENT]"
  echo ".TP"; echo "BULWARK_DB"; echo "Database file (default \$XDG_DATA_HOME/bulwark/bulwark.db)."
  echo ".TP"; echo "BULWARK_NOW"; echo "Fixes the clock (RFC 3339) for reproducible runs."
  echo ".TP"; echo "BULWARK_MIRROR"; echo "Base URL of an internal mirror replacing every feed source of db update."
} > "$tmp/include.h2m"
help2man --no-info --no-discard-stderr --section=1 --name="SBOM-based vulnerability management for the EU Cyber Resilience Act" \
  --include="$tmp/include.h2m" --output="$tmp/bulwark.1" "$BIN"
gzip -9n < "$tmp/bulwark.1" > "$OUT/man/man1/bulwark.1.gz"

# bash completion
{
  echo "# bash completion for bulwark (generated from the CLI's help by scripts/gen-docs.sh)"
  echo "_bulwark() {"
  echo "  local cur=\${COMP_WORDS[COMP_CWORD]} path='' w i"
  echo "  for ((i = 1; i < COMP_CWORD; i++)); do"
  echo "    w=\${COMP_WORDS[i]}"
  echo "    [[ \$w == -* ]] && continue"
  echo "    case \"\${path:+\$path }\$w\" in"
  while IFS=$'\t' read -r path _; do
    [ -z "$path" ] && continue
    echo "      '$path') path='$path' ;;"
  done < "$tmp/tree"
  echo "    esac"
  echo "  done"
  echo "  local words=''"
  echo "  case \"\$path\" in"
  while IFS=$'\t' read -r path words; do
    echo "    '$path') words='$words' ;;"
  done < "$tmp/tree"
  echo "  esac"
  echo "  COMPREPLY=(\$(compgen -W \"\$words\" -- \"\$cur\"))"
  echo "}"
  echo "complete -o default -o bashdefault -F _bulwark bulwark"
} > "$OUT/bash-completion/completions/bulwark"

# zsh completion
{
  echo "#compdef bulwark"
  echo "# zsh completion for bulwark (generated from the CLI's help by scripts/gen-docs.sh)"
  echo "typeset -gA _bulwark_words"
  while IFS=$'\t' read -r path words; do
    echo "_bulwark_words[${path:-_}]='$words'"
  done < "$tmp/tree"
  echo "_bulwark() {"
  echo "  local p='' w"
  echo "  for w in \${words[2,CURRENT-1]}; do"
  echo "    [[ \$w == -* ]] && continue"
  echo "    (( \${+_bulwark_words[\${p:+\$p }\$w]} )) && p=\"\${p:+\$p }\$w\""
  echo "  done"
  echo "  local -a cands; cands=(\${=_bulwark_words[\${p:-_}]})"
  echo "  _alternative \"args:argument:(\$cands)\" 'files:file:_files'"
  echo "}"
  echo "_bulwark \"\$@\""
} > "$OUT/zsh/vendor-completions/_bulwark"
echo "gen-docs: $(wc -l < "$tmp/tree") command paths -> $OUT"
