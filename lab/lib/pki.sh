# shellcheck shell=bash
# lab/lib/pki.sh — the lab certificate authority and the server certificates the twins serve.
# Everything lives in $LAB_DIR/pki. The CA is kept across runs (so people can trust it once);
# leaf certificates are re-issued when missing or when they expire within a week.

PKI_DIR() { echo "$LAB_DIR/pki"; }

# pki_init: create the CA (once) and the `openssl ca` database used for certificates with explicit dates.
pki_init() {
  local P; P=$(PKI_DIR); mkdir -p "$P/ca-db/newcerts"; chmod 700 "$P"
  if [ ! -s "$P/ca.key" ] || [ ! -s "$P/ca.crt" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/ca.key" -out "$P/ca.crt" \
      -days 3650 -subj "/O=Verified Runbooks Lab/CN=Lab Test Root CA" 2>/dev/null \
      || die "openssl could not create the lab CA in $P"
    rm -f "$P"/*.pem "$P/ca-db/index.txt" "$P/int.crt"
  fi
  # The issuing intermediate: a twin of Let's Encrypt's R11 (the real servers' issuer), signed by the lab
  # root. Leaves are signed by it and served with it (fullchain = leaf + intermediate), like certbot/NPM.
  if [ ! -s "$P/int.key" ] || [ ! -s "$P/int.crt" ] || ! openssl verify -CAfile "$P/ca.crt" "$P/int.crt" >/dev/null 2>&1; then
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/int.key" -out "$P/int.csr" \
      -subj "/C=US/O=Let's Encrypt (lab twin)/CN=R11 (lab twin)" 2>/dev/null || die "openssl could not create the lab intermediate key"
    printf '%s\n' "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
      "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid:always" >"$P/int.ext"
    openssl x509 -req -in "$P/int.csr" -CA "$P/ca.crt" -CAkey "$P/ca.key" -CAcreateserial -days 1825 -sha256 \
      -extfile "$P/int.ext" -out "$P/int.crt" 2>/dev/null || die "openssl could not sign the lab intermediate"
    chmod 600 "$P/int.key"; rm -f "$P/int.csr" "$P/int.ext"
    # leaves signed by an earlier issuer are re-issued
    rm -f "$P"/*.fullchain.pem
  fi
  [ -f "$P/ca-db/index.txt" ] || { : >"$P/ca-db/index.txt"; echo 1000 >"$P/ca-db/serial"; }
  cat >"$P/ca.cnf" <<CNF
[ ca ]
default_ca = labca
[ labca ]
dir = $P/ca-db
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
certificate = $P/int.crt
private_key = $P/int.key
default_md = sha256
policy = pol_any
copy_extensions = none
unique_subject = no
[ pol_any ]
commonName = supplied
[ srv ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = \$ENV::SAN
CNF
}

# pki_issue NAME "DNS1 DNS2…" [START END] [KEYTYPE]: issue NAME.crt/NAME.key (chain: NAME.fullchain.pem)
# for the given DNS names (first = CN). START/END are openssl dates (YYYYMMDDHHMMSSZ); default: valid
# from 1 day ago for 90 days, like Let's Encrypt. KEYTYPE: rsa (default, as certbot/NPM) or ec.
pki_issue() {
  local name=$1 names=$2 start=${3:-} end=${4:-} ktype=${5:-rsa} P; P=$(PKI_DIR)
  local cn=${names%% *} san="" n
  for n in $names; do san+="${san:+,}DNS:$n"; done
  [ -n "$start" ] || start=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
  [ -n "$end" ] || end=$(date -u -d '+89 days' +%Y%m%d%H%M%SZ)
  if [ "$ktype" = rsa ]; then
    openssl req -newkey rsa:2048 -nodes -keyout "$P/$name.key" -out "$P/$name.csr" -subj "/CN=$cn" 2>/dev/null
  else
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$P/$name.key" -out "$P/$name.csr" -subj "/CN=$cn" 2>/dev/null
  fi || die "openssl could not create a key/CSR for $name"
  SAN=$san openssl ca -batch -config "$P/ca.cnf" -extensions srv -in "$P/$name.csr" -out "$P/$name.crt" -notext \
    -startdate "$start" -enddate "$end" >/dev/null 2>&1 || die "openssl ca could not sign $name ($names)"
  cat "$P/$name.crt" "$P/int.crt" >"$P/$name.fullchain.pem"
  chmod 600 "$P/$name.key"; rm -f "$P/$name.csr"
}

# pki_ensure NAME "DNS…" [KIND]: issue NAME unless a matching certificate exists. KIND: valid (default;
# re-issued when it expires within 7 days), expired (fixed past window), wrong-name (valid but for other names).
pki_ensure() {
  local name=$1 names=$2 kind=${3:-valid} P; P=$(PKI_DIR)
  if [ -s "$P/$name.crt" ] && [ -s "$P/$name.key" ] && [ -s "$P/$name.fullchain.pem" ]; then
    case $kind in
      valid|wrong-name) openssl x509 -in "$P/$name.crt" -noout -checkend $((7 * 86400)) >/dev/null 2>&1 && return 0 ;;
      expired) return 0 ;;
    esac
  fi
  case $kind in
    expired) pki_issue "$name" "$names" 20240101000000Z 20240401000000Z ;;
    *) pki_issue "$name" "$names" ;;
  esac
}

# Certificates the twins need, registered by lab/twins/*.sh: name -> "kind|dns names".
declare -A CERT_SPECS

# cert_register NAME "DNS NAMES" [KIND]: declare a certificate (KIND valid|expired|wrong-name).
cert_register() { CERT_SPECS[$1]="${3:-valid}|$2"; }

# certs_ensure_all: issue every registered certificate that is missing or about to expire.
certs_ensure_all() {
  local n
  for n in "${!CERT_SPECS[@]}"; do pki_ensure "$n" "${CERT_SPECS[$n]#*|}" "${CERT_SPECS[$n]%%|*}"; done
}

# cert_install NAME DIR: install certificate NAME as a certbot-style live dir DIR (…/live/<name>) whose
# cert.pem, chain.pem, fullchain.pem, privkey.pem are symlinks to ../../archive/<name>/<file>1.pem, as
# certbot (and NPM's certbot) makes them. DIR is a path reachable from here, e.g. under t_root.
cert_install() {
  local P live=$2 base arch f; P=$(PKI_DIR)
  [ -s "$P/$1.crt" ] || die "certificate $1 was not issued (lab prepare did not run?)"
  base=$(basename "$live"); arch=$(dirname "$(dirname "$live")")/archive/$base
  mkdir -p "$live" "$arch"
  rm -f "$arch"/{cert,chain,fullchain,privkey}1.pem
  cp "$P/$1.crt" "$arch/cert1.pem"; cp "$P/int.crt" "$arch/chain1.pem"; cp "$P/$1.fullchain.pem" "$arch/fullchain1.pem"
  install -m 600 "$P/$1.key" "$arch/privkey1.pem"
  for f in cert chain fullchain privkey; do rm -f "$live/$f.pem"; ln -s "../../archive/$base/${f}1.pem" "$live/$f.pem"; done
}
