#!/bin/sh
# deps.sh — install what recruitd needs to build and test on Debian 12.
# Run as root (or through sudo).  Package scripts must not start the
# system's dovecot/postfix: a policy-rc.d that says "no" is put in place
# when there is none.
set -eu
if [ "$(id -u)" -ne 0 ]; then
	exec sudo "$0" "$@"
fi
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get install -y -q --no-install-recommends \
	build-essential dpkg-dev autoconf automake libtool pkg-config \
	libetpan-dev libcurl4-gnutls-dev libcmark-dev libsqlite3-dev \
	libcmocka-dev libinih-dev libxml2-dev libzip-dev libpoppler-glib-dev \
	libgnutls28-dev libjansson-dev libsystemd-dev systemd \
	dovecot-imapd postfix python3-aiosmtpd sqlite3 openssl \
	python3 rsync clang curl chromium fonts-dejavu-core valgrind time
