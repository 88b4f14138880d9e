# shellcheck shell=bash
# lab/lib/resources.sh — the documented machine size of a twin, the way lxcfs does it for real containers:
# per-twin files bind-mounted over /proc/meminfo, /proc/cpuinfo and /proc/sys/kernel/osrelease inside the
# twin's mount namespace (the machine's /proc is never touched), and sized filesystems (tmpfs; a size is
# only a limit, nothing is allocated) where the source documents mounts.

# twin_resources ID MEM_KIB CPUS [KERNEL]: fake the twin's memory, CPU count and (optionally) kernel release.
twin_resources() {
  local id=$1 mem=$2 cpus=$3 kernel=${4:-} dir=/run/lab/proc
  local block; block=$(awk 'BEGIN{RS=""} NR==1{print; exit}' /proc/cpuinfo)
  {
    local i
    for ((i = 0; i < cpus; i++)); do
      sed -E "s/^(processor[[:space:]]*:).*/\\1 $i/; s/^(core id[[:space:]]*:).*/\\1 $i/; s/^(apicid[[:space:]]*:).*/\\1 $i/; s/^(initial apicid[[:space:]]*:).*/\\1 $i/; s/^(siblings[[:space:]]*:).*/\\1 $cpus/; s/^(cpu cores[[:space:]]*:).*/\\1 $cpus/" <<<"$block"
      echo
    done
  } | in_host "$id" sh -c "mkdir -p $dir && cat > $dir/cpuinfo"
  awk -v t="$mem" '
    /^MemTotal:/ { printf "MemTotal:       %8d kB\n", t; next }
    /^MemFree:/ { printf "MemFree:        %8d kB\n", t * 0.35; next }
    /^MemAvailable:/ { printf "MemAvailable:   %8d kB\n", t * 0.62; next }
    /^Buffers:/ { printf "Buffers:        %8d kB\n", t * 0.03; next }
    /^Cached:/ { printf "Cached:         %8d kB\n", t * 0.25; next }
    /^(SwapTotal|SwapFree|SwapCached):/ { printf "%-15s %8d kB\n", $1, 0; next }
    { print }' /proc/meminfo | in_host "$id" sh -c "cat > $dir/meminfo"
  local script="set -e
    mountpoint -q /proc/meminfo || mount --bind $dir/meminfo /proc/meminfo
    mountpoint -q /proc/cpuinfo || mount --bind $dir/cpuinfo /proc/cpuinfo"
  if [ -n "$kernel" ]; then
    echo "$kernel" | in_host "$id" sh -c "cat > $dir/osrelease"
    script+="
    mountpoint -q /proc/sys/kernel/osrelease || mount --bind $dir/osrelease /proc/sys/kernel/osrelease"
  fi
  host_sh "$id" "$script" || die "$id: could not mount the twin's /proc resources"
}
