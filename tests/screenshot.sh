#!/bin/sh
# screenshot.sh HTML OUTDIR — how an HTML page looks at 600 and 375 px.
#
# With Debian's headless Chromium (/usr/bin/chromium), for each width W:
#   OUTDIR/shot-W.png   a screenshot W px wide and as tall as the page
#                       (checked with tests/png_check.py: valid, W wide,
#                       not one flat colour)
#   measured            document.documentElement.scrollWidth (written into
#                       the DOM by a small script, read back with
#                       --dump-dom) and the page's height
# and prints the facts as TAP comments, also kept as shell assignments in
# OUTDIR/facts.sh for the caller to source and assert:
#   # viewport_600=600        the layout viewport the page had
#   # scrollwidth_600=600     document.documentElement.scrollWidth
#   # overflow_600=0          scrollwidth - viewport (0: no sideways scroll)
#   # height_600=1873         the page's scrollHeight, px
#   # shot_600=OUTDIR/shot-600.png
#   # png_600=ok: PNG 600x1873, colour type 6, 2391 colours
# (and the same for 375).  Exit 0 when every run worked; otherwise 1 with
# the reason on stdout ("# ..." lines) — overflow is a fact, not a failure.
#
# Why a frame: Chromium's headless window is never narrower than 500 px
# (window.innerWidth stays 500 for --window-size=375,...), and a 375 px
# screenshot of it is only the left of a 500 px layout.  So the page is
# loaded into an <iframe> exactly W px wide in a small wrapper page
# (OUTDIR/frame-W.html); media queries and layout inside see W px.  The
# wrapper reads the frame's document, which file:// pages may only do with
# --allow-file-access-from-files.
#
# Runs as root need --no-sandbox; each run has its own throwaway
# --user-data-dir under OUTDIR, a 60 s timeout, and, where unshare(1) can,
# a network namespace of its own with no network at all.
# SCREENSHOT_WIDTHS overrides "600 375"; MAX_HEIGHT (default 16000) caps
# the shot's height.

set -u
if [ $# -ne 2 ]; then
	echo "usage: screenshot.sh HTML OUTDIR" >&2
	exit 2
fi
html=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
widths=${SCREENSHOT_WIDTHS:-600 375}
max_height=${MAX_HEIGHT:-16000}
chromium=${CHROMIUM:-/usr/bin/chromium}

die() {
	echo "# screenshot.sh: $*"
	exit 1
}

[ -r "$html" ] || die "cannot read $html"
[ -x "$chromium" ] || die "$chromium not installed (apt-get install chromium)"
mkdir -p "$out" || die "cannot make $out"
out=$(cd "$out" && pwd)
page="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
: > "$out/facts.sh"
: > "$out/chromium.log"

netns=
if unshare -n true 2>/dev/null; then
	netns="unshare -n"
fi

# chromium_run W H ARGS... — one headless run in a window W x H
chromium_run() {
	_w=$1 _h=$2
	shift 2
	rm -rf "$out/profile"
	# shellcheck disable=SC2086
	timeout 60 $netns "$chromium" --headless --no-sandbox --disable-gpu \
		--hide-scrollbars --user-data-dir="$out/profile" \
		--allow-file-access-from-files \
		--no-first-run --no-default-browser-check \
		--disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --disable-default-apps \
		--disable-breakpad --disable-dev-shm-usage --no-pings \
		--disable-features=Translate,OptimizationHints,MediaRouter \
		--window-size="$_w,$_h" "$@" 2>> "$out/chromium.log"
}

# file_url PATH: PATH as a file: URL (only the characters that matter in
# an attribute or a URL are escaped)
file_url() {
	printf 'file://%s' "$(printf '%s' "$1" | sed -e 's/%/%25/g' \
		-e 's/ /%20/g' -e 's/"/%22/g' -e 's/#/%23/g' -e 's/?/%3F/g' \
		-e 's/</%3C/g' -e 's/>/%3E/g' -e 's/&/%26/g')"
}

# frame W H: the wrapper page holding the page in a W x H frame, with a
# script that writes the frame's measures into the wrapper's DOM
frame() {
	url=$(file_url "$page")
	cat > "$out/frame-$1.html" <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
html, body { margin: 0; padding: 0; background: #ffffff; }
iframe { display: block; border: 0; margin: 0; padding: 0; }
</style></head><body>
<iframe id="page" src="$url" width="$1" height="$2" scrolling="no"></iframe>
<script>
window.addEventListener('load', function () {
  var p = document.createElement('p');
  p.id = 'measure';
  try {
    var f = document.getElementById('page');
    var d = f.contentDocument.documentElement;
    var b = f.contentDocument.body;
    p.setAttribute('data-facts', 'viewport=' + d.clientWidth +
      ' scrollwidth=' + d.scrollWidth +
      ' height=' + Math.max(d.scrollHeight, b ? b.scrollHeight : 0));
  } catch (e) {
    p.setAttribute('data-facts', 'error=' + String(e).replace(/ /g, '_'));
  }
  document.body.appendChild(p);
});
</script>
</body></html>
EOF
}

fact() {
	echo "# $1=$2"
	printf "%s='%s'\n" "$1" "$(printf '%s' "$2" | sed "s/'/'\\\\''/g")" \
		>> "$out/facts.sh"
}

for w in $widths; do
	case $w in
	'' | *[!0-9]*) die "bad width '$w'" ;;
	esac
	# 1. measure: a short frame, so scrollHeight is the page's own height
	frame "$w" 100
	dom=$(chromium_run "$w" 800 --dump-dom "$(file_url "$out/frame-$w.html")") ||
		die "chromium --dump-dom at $w px failed (exit $?); see $out/chromium.log"
	facts=$(printf '%s\n' "$dom" | sed -n 's/.*data-facts="\([^"]*\)".*/\1/p')
	[ -n "$facts" ] || die "no measurement in the dumped DOM at $w px"
	viewport='' scrollwidth='' height=''
	for kv in $facts; do
		case $kv in
		viewport=*) viewport=${kv#*=} ;;
		scrollwidth=*) scrollwidth=${kv#*=} ;;
		height=*) height=${kv#*=} ;;
		error=*) die "measuring at $w px: ${kv#*=}" ;;
		esac
	done
	if [ -z "$viewport" ] || [ -z "$scrollwidth" ] || [ -z "$height" ]; then
		die "incomplete measurement at $w px: $facts"
	fi
	fact "viewport_$w" "$viewport"
	fact "scrollwidth_$w" "$scrollwidth"
	overflow=$((scrollwidth - viewport))
	[ $overflow -lt 0 ] && overflow=0
	fact "overflow_$w" "$overflow"
	fact "height_$w" "$height"

	# 2. the screenshot: frame and window as tall as the page
	h=$height
	[ "$h" -gt "$max_height" ] && h=$max_height
	[ "$h" -lt 100 ] && h=100
	frame "$w" "$h"
	rm -f "$out/shot-$w.png"
	chromium_run "$w" "$h" --screenshot="$out/shot-$w.png" \
		"$(file_url "$out/frame-$w.html")" > /dev/null ||
		die "chromium --screenshot at $w px failed (exit $?); see $out/chromium.log"
	[ -s "$out/shot-$w.png" ] || die "no screenshot written at $w px"
	fact "shot_$w" "$out/shot-$w.png"
	png=$(/usr/bin/python3 "$here/png_check.py" "$out/shot-$w.png" "$w" "$h") ||
		die "shot-$w.png: $png"
	fact "png_$w" "$png"
done
rm -rf "$out/profile"
exit 0
