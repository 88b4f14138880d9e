# shellcheck shell=bash
# lab/lib/images.sh — container images without a registry: root filesystems built from the machine's own
# binaries (busybox-static; nginx and PostgreSQL + the shared libraries ldd reports), packed as layers into one
# docker-archive per twin (manifest.json + config + layer tars) and loaded with `podman load`.
# Distinct configs give distinct image IDs while the layers are shared.
# Image layout/tag choices live in lab/images/catalog.sh.

IMG_DIR() { echo "$LAB_DIR/images"; }

# images_rootfs_busybox: build $LAB_DIR/images/rootfs/busybox (statically linked busybox + applet links).
images_rootfs_busybox() {
  local R; R="$(IMG_DIR)/rootfs/busybox"
  [ -x "$R/bin/busybox" ] && return 0
  rm -rf "$R.tmp"; mkdir -p "$R.tmp"/{bin,sbin,etc,tmp,proc,sys,dev,root,run,var/tmp,usr/bin,usr/local/bin,usr/sbin}
  chmod 1777 "$R.tmp/tmp" "$R.tmp/var/tmp"
  [ -x /bin/busybox ] || die "/bin/busybox is missing: install the Debian package busybox-static"
  cp /bin/busybox "$R.tmp/bin/busybox"
  local a
  for a in $("$R.tmp/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$R.tmp/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$R.tmp/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$R.tmp/etc/group"
  echo 'hosts: files dns' >"$R.tmp/etc/nsswitch.conf"
  mv "$R.tmp" "$R"
}

# images_rootfs_nginx: build $LAB_DIR/images/rootfs/nginx: the machine's nginx binary, its shared
# libraries (from ldd) and the directories it expects (to be layered on top of busybox).
images_rootfs_nginx() {
  local R; R="$(IMG_DIR)/rootfs/nginx"
  [ -x "$R/usr/sbin/nginx" ] && [ -f "$R/usr/lib/nginx/modules/ngx_stream_module.so" ] && return 0
  rm -rf "$R"
  [ -x /usr/sbin/nginx ] || die "/usr/sbin/nginx is missing: install the Debian package nginx"
  rm -rf "$R.tmp"; mkdir -p "$R.tmp"/{usr/sbin,etc/nginx/conf.d,var/log/nginx,var/lib/nginx,var/cache/nginx,run,usr/share/nginx/html}
  cp /usr/sbin/nginx "$R.tmp/usr/sbin/nginx"
  local lib
  for lib in $(ldd /usr/sbin/nginx | grep -oE '/[^ ]+\.so[^ ]*'); do
    mkdir -p "$R.tmp$(dirname "$lib")"; cp -L "$lib" "$R.tmp$lib"
  done
  cp /etc/nginx/mime.types "$R.tmp/etc/nginx/mime.types"
  # the stream module (TLS listeners of the mailcow twins: postfix 465, dovecot 993/995)
  [ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || die "nginx's stream module is missing: install the Debian package libnginx-mod-stream"
  mkdir -p "$R.tmp/usr/lib/nginx/modules"; cp /usr/lib/nginx/modules/ngx_stream_module.so "$R.tmp/usr/lib/nginx/modules/"
  for lib in $(ldd /usr/lib/nginx/modules/ngx_stream_module.so | grep -oE '/[^ ]+\.so[^ ]*'); do
    [ -e "$R.tmp$lib" ] || { mkdir -p "$R.tmp$(dirname "$lib")"; cp -L "$lib" "$R.tmp$lib"; }
  done
  ln -sf /dev/stdout "$R.tmp/var/log/nginx/access.log"; ln -sf /dev/stderr "$R.tmp/var/log/nginx/error.log"
  mv "$R.tmp" "$R"
}

# images_pg_major: print the newest PostgreSQL major version installed on this machine (Debian layout
# /usr/lib/postgresql/<major>/bin); dies with what to install when there is none.
images_pg_major() {
  local v; v=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n' 2>/dev/null | sort -n | tail -1)
  if [ -z "$v" ] || [ ! -x "/usr/lib/postgresql/$v/bin/postgres" ]; then
    die "no PostgreSQL server on this machine: install the Debian package postgresql"
  fi
  echo "$v"
}

# images_rootfs_postgres: build $LAB_DIR/images/rootfs/postgres: the machine's own (Debian) PostgreSQL server
# and client programs in the Debian layout (/usr/lib/postgresql/<major>/{bin,lib}, /usr/share/postgresql/<major>),
# the server modules (without the LLVM JIT), every shared library ldd reports, the C.UTF-8 locale, UTC zone
# data and setpriv (util-linux, to drop to the postgres user like the official image's gosu). Layered on top of
# busybox. Rebuilt when the machine's PostgreSQL version or this layout changes.
images_rootfs_postgres() {
  local R v stamp p f lib; R="$(IMG_DIR)/rootfs/postgres"; v=$(images_pg_major)
  local B=/usr/lib/postgresql/$v
  stamp="$("$B/bin/postgres" --version) layout 1"
  [ -d "$R" ] && [ "$(cat "$R.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  [ -x /usr/bin/setpriv ] || die "/usr/bin/setpriv is missing: install the Debian package util-linux"
  [ -d /usr/lib/locale/C.utf8 ] || die "/usr/lib/locale/C.utf8 is missing: install the Debian package libc-bin"
  rm -rf "$R" "$R.tmp"; mkdir -p "$R.tmp$B/bin" "$R.tmp$B/lib" "$R.tmp/usr/share/postgresql" "$R.tmp/usr/lib/locale" \
    "$R.tmp/usr/share/zoneinfo/Etc" "$R.tmp/usr/bin"
  local bins=() mods=()
  for p in postgres initdb pg_ctl psql pg_dump pg_dumpall pg_restore pg_isready createdb dropdb; do
    cp "$B/bin/$p" "$R.tmp$B/bin/$p"; bins+=("$B/bin/$p")
  done
  for f in "$B"/lib/*.so; do
    case ${f##*/} in llvmjit*) continue ;; esac
    cp "$f" "$R.tmp$B/lib/"; mods+=("$f")
  done
  cp -r "/usr/share/postgresql/$v" "$R.tmp/usr/share/postgresql/$v"; rm -rf "$R.tmp/usr/share/postgresql/$v/man"
  cp /usr/bin/setpriv "$R.tmp/usr/bin/setpriv"
  for lib in $(ldd "${bins[@]}" "${mods[@]}" /usr/bin/setpriv 2>/dev/null | grep -oE '/[^ :]+\.so[^ :]*' | sort -u); do
    [ -e "$R.tmp$lib" ] || { mkdir -p "$R.tmp$(dirname "$lib")"; cp -L "$lib" "$R.tmp$lib"; }
  done
  cp -r /usr/lib/locale/C.utf8 "$R.tmp/usr/lib/locale/C.utf8"
  for f in UTC Etc/UTC; do [ -f "/usr/share/zoneinfo/$f" ] && cp -L "/usr/share/zoneinfo/$f" "$R.tmp/usr/share/zoneinfo/$f"; done
  mv "$R.tmp" "$R"; echo "$stamp" >"$R.stamp"
}

# images_layer NAME DIR: pack DIR as a reproducible layer tar; prints its sha256. Cached: the tar is only
# rebuilt when the listing of DIR (names, sizes, mtimes, modes) changed.
images_layer() {
  local name=$1 dir=$2 L sum fp; L="$(IMG_DIR)/layers"; mkdir -p "$L"
  fp=$(find "$dir" -printf '%P %s %T@ %m %l\n' | sort | sha256sum | cut -d' ' -f1)
  if [ -f "$L/$name.fp" ] && [ "$(sed -n 1p "$L/$name.fp")" = "$fp" ]; then
    sum=$(sed -n 2p "$L/$name.fp"); [ -f "$L/$sum.tar" ] && { echo "$sum"; return 0; }
  fi
  tar -C "$dir" --sort=name --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -cf "$L/$name.tar.tmp" .
  sum=$(sha256sum "$L/$name.tar.tmp" | cut -d' ' -f1)
  mv "$L/$name.tar.tmp" "$L/$sum.tar"
  printf '%s\n%s\n' "$fp" "$sum" >"$L/$name.fp"
  echo "$sum"
}

# images_archive OUT SPECFILE: write docker-archive OUT from SPECFILE, one image per line:
#   REPO:TAG <TAB> layer-sha[,layer-sha…] <TAB> JSON of the image config ("config" section of the OCI config)
images_archive() {
  local out=$1 spec=$2 W ref layers cfg c lsum diffs laypaths manifest="[]" fp
  fp=$(sha256sum <"$spec" | cut -d' ' -f1)
  [ -f "$out" ] && [ "$(cat "$out.fp" 2>/dev/null)" = "$fp" ] && return 0
  W=$(mktemp -d "$(IMG_DIR)/archive.XXXXXX")
  while IFS=$'\t' read -r ref layers cfg; do
    [ -n "$ref" ] || continue
    diffs="[]"; laypaths="[]"
    for lsum in ${layers//,/ }; do
      mkdir -p "$W/$lsum"; [ -e "$W/$lsum/layer.tar" ] || ln "$(IMG_DIR)/layers/$lsum.tar" "$W/$lsum/layer.tar" 2>/dev/null || cp "$(IMG_DIR)/layers/$lsum.tar" "$W/$lsum/layer.tar"
      diffs=$(jq -c --arg d "sha256:$lsum" '. + [$d]' <<<"$diffs")
      laypaths=$(jq -c --arg p "$lsum/layer.tar" '. + [$p]' <<<"$laypaths")
    done
    jq -c --argjson cfg "$cfg" --argjson diffs "$diffs" --arg ref "$ref" \
      '{architecture:"amd64", os:"linux", created:"2025-11-01T00:00:00Z", config:$cfg,
        rootfs:{type:"layers", diff_ids:$diffs}, history:[{created:"2025-11-01T00:00:00Z", created_by:("lab image " + $ref)}]}' \
      -n >"$W/cfg.json"
    c=$(sha256sum "$W/cfg.json" | cut -d' ' -f1); mv "$W/cfg.json" "$W/$c.json"
    manifest=$(jq -c --arg c "$c.json" --arg ref "$ref" --argjson l "$laypaths" '. + [{Config:$c, RepoTags:[$ref], Layers:$l}]' <<<"$manifest")
  done <"$spec"
  echo "$manifest" >"$W/manifest.json"
  tar -C "$W" -cf "$out.tmp" . && mv "$out.tmp" "$out"
  echo "$fp" >"$out.fp"
  rm -rf "$W"
}

# images_store_build ARCHIVE…: load the archives into the shared read-only image store
# $LAB_DIR/images/store (used by every twin as podman "additionalimagestores", so twins start without
# loading images). Rebuilt only when an archive changed. podman runs in a private mount namespace with
# throw-away overlays over /etc and /var and a tmpfs /run, so nothing lands in the machine's files.
images_store_build() {
  local I S fp a; I=$(IMG_DIR); S=$I/store
  fp=$(cat "${@/%/.fp}" 2>/dev/null | sha256sum | cut -d' ' -f1)
  [ -d "$S/overlay-images" ] && [ "$(cat "$I/store.fp" 2>/dev/null)" = "$fp" ] && return 0
  local t0; t0=$(now_ns)
  rm -rf "$S" "$I/store-build"; mkdir -p "$S" "$I/store-build"
  local B=$I/store-build
  for a in "$@"; do
    # shellcheck disable=SC2016  # script text for another shell (the twin's): its $ expands there
    unshare --mount --propagation private bash -e -c '
      B=$1; S=$2; A=$3
      for d in etc var; do mkdir -p "$B/$d-upper" "$B/$d-work"
        mount -t overlay overlay -o "lowerdir=/$d,upperdir=$B/$d-upper,workdir=$B/$d-work" "/$d"; done
      mount -t tmpfs tmpfs /run
      podman --root "$S" --runroot /run/lab-store --storage-driver overlay --tmpdir /run/lab-libpod \
        --events-backend none --cgroup-manager cgroupfs load -q -i "$A" >/dev/null
    ' _ "$B" "$S" "$a" || die "could not load $a into the image store $S"
  done
  rm -rf "$B"
  echo "$fp" >"$I/store.fp"
  log "image store: $(find "$S/overlay-images" -mindepth 1 -maxdepth 1 ! -name '.*' ! -name '*lock*' | wc -l) images in $(ms "$t0") ms"
}
