#!/bin/sh
# Prints lines, words and characters per file, then the total.
set -eu
if [ "$#" -eq 0 ]; then
  echo "usage: count-words.sh <file>..." >&2
  exit 2
fi
wc -l -w -c "$@"
