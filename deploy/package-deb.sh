#!/bin/sh
# Packages dist/wxhook as dist/wxhook_VERSION_amd64.deb with dpkg-deb alone:
#   /usr/bin/wxhook                          the binary (deploy/build.sh makes it)
#   /lib/systemd/system/wxhook.service       the hardened unit; wxhook-backup.{service,timer}
#   /etc/wxhook/wxhook.json                  the config (root:wxhook 0640, a conffile: kept on upgrade)
#   /etc/wxhook/Rules/                       the sample rules (conffiles too)
#   /usr/share/doc/wxhook/                   README.md, operations.md
# The package creates the `wxhook` system user; the service runs as it.
#
#   deploy/package-deb.sh [--binary PATH] [--version X.Y.Z] [--out DIR]
# The version is the binary's own (`wxhook --version`) unless given.
set -eu
root_dir=$(cd "$(dirname "$0")/.." && pwd)
binary="$root_dir/dist/wxhook"
version=""
out="$root_dir/dist"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "package-deb.sh: unknown argument $1" >&2; exit 1 ;;
    esac
done
[ -x "$binary" ] || { echo "package-deb.sh: no executable $binary (run deploy/build.sh first)" >&2; exit 1; }
[ -n "$version" ] || version=$("$binary" --version)
case "$version" in
    [0-9]*) ;;
    *) echo "package-deb.sh: version \"$version\" does not start with a digit" >&2; exit 1 ;;
esac

# Depends: what every install needs, plus the package of each library the binary names itself
# (its NEEDED entries; what those load in turn, their own packages depend on).
depends="libc6, libsqlite3-0, adduser"
if head -c 4 "$binary" | grep -q ELF; then
    for soname in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        case "$soname" in
            libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libutil.so.*|ld-linux*|libsqlite3.so.*) ;;
            libcurl.so.4) depends="$depends, libcurl4" ;;
            libxml2.so.2) depends="$depends, libxml2" ;;
            libz.so.1) depends="$depends, zlib1g" ;;
            libstdc++.so.6) depends="$depends, libstdc++6" ;;
            libgcc_s.so.1) depends="$depends, libgcc-s1" ;;
            *) echo "package-deb.sh: $binary loads $soname; add its package to Depends here" >&2; exit 1 ;;
        esac
    done
fi

stage=$(mktemp -d)
chmod 0755 "$stage"
trap 'rm -rf "$stage"' EXIT
install -d -m 0755 "$stage/DEBIAN" "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/etc/wxhook/Rules" \
    "$stage/usr/share/doc/wxhook"
install -m 0755 "$binary" "$stage/usr/bin/wxhook"
for unit in wxhook.service wxhook-backup.service wxhook-backup.timer; do
    install -m 0644 "$root_dir/deploy/$unit" "$stage/lib/systemd/system/$unit"
done
install -m 0640 "$root_dir/deploy/wxhook.json" "$stage/etc/wxhook/wxhook.json"
for rule in "$root_dir"/Rules/*.json; do
    install -m 0644 "$rule" "$stage/etc/wxhook/Rules/"
done
install -m 0644 "$root_dir/README.md" "$root_dir/docs/operations.md" "$stage/usr/share/doc/wxhook/"

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: wxhook
Version: $version
Architecture: amd64
Maintainer: ${DEB_MAINTAINER:-wxhook maintainers <root@localhost>}
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Description: webhook and callback processor for WeChat and WeCom bots
 Ingests inbound messages and delivery callbacks of WeChat and WeCom bot
 providers, keeps every message it sends in a SQLite outbox until the
 provider confirms it, and answers with keyword auto-reply rules.
CONTROL
( cd "$stage" && find etc -type f | sort | sed 's|^|/|' ) > "$stage/DEBIAN/conffiles"

cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if ! getent passwd wxhook >/dev/null; then
        adduser --system --group --quiet --home /var/lib/wxhook --no-create-home wxhook
    fi
    # The config holds secrets: readable by the service, by nobody else.
    chown root:wxhook /etc/wxhook/wxhook.json
    chmod 0640 /etc/wxhook/wxhook.json
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null || true
        if [ -n "$2" ]; then
            systemctl try-restart wxhook.service >/dev/null || true
        fi
    fi
fi
exit 0
POSTINST
cat > "$stage/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
    systemctl stop wxhook.service wxhook-backup.timer >/dev/null 2>&1 || true
fi
exit 0
PRERM
cat > "$stage/DEBIAN/postrm" <<'POSTRM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null || true
fi
# The database in /var/lib/wxhook stays, also on purge: it is the operator's data.
exit 0
POSTRM
chmod 0755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm" "$stage/DEBIAN/postrm"

mkdir -p "$out"
deb="$out/wxhook_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb: $(wc -c < "$deb") bytes, Depends: $depends"
