# tls.sh — throwaway certificates for the integration tests.
# tls_setup DIR   makes in DIR (created if missing):
#   ca.pem ca.key               a test CA
#   server.pem server.key       signed by it, for DNS:localhost and
#                               IP:127.0.0.1 (what the tests connect to)
#   wronghost.pem wronghost.key signed by it, for mail.elsewhere.example
#                               only (a host-name check must refuse it)
#   other-ca.pem other-ca.key   an unrelated CA (a chain check must refuse
#                               server.pem when only this one is trusted)
# RSA 2048, valid 30 days; openssl's output goes to DIR/openssl.log and
# is shown when something fails.

tls_setup() {
	_td=$1
	mkdir -p "$_td" || return 1
	(
		cd "$_td" || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key \
			-out ca.pem -days 30 -subj "/CN=recruitd test CA" \
			-addext basicConstraints=critical,CA:TRUE \
			-addext keyUsage=critical,keyCertSign,cRLSign || exit 1
		openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key \
			-out other-ca.pem -days 30 -subj "/CN=some other CA" ||
			exit 1
		for name in server wronghost; do
			if [ $name = server ]; then
				san="DNS:localhost,IP:127.0.0.1"
			else
				san="DNS:mail.elsewhere.example"
			fi
			openssl req -newkey rsa:2048 -nodes -keyout $name.key \
				-out $name.csr -subj "/CN=$name" || exit 1
			printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' \
				"$san" > $name.ext
			openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key \
				-CAcreateserial -out $name.pem -days 30 \
				-extfile $name.ext || exit 1
		done
	) > "$_td/openssl.log" 2>&1 || { cat "$_td/openssl.log"; return 1; }
}
