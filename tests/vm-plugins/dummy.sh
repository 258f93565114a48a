#!/usr/bin/env bash
# End-to-end test of the dummy plugin through the real protocol. Run as root in the kernel VM:
#   CNI_BIN_DIR=/path/to/plugins tests/vm-plugins/dummy.sh
. "$(dirname "$0")/lib.sh"

DATA=$WORK/ipam
conf() { # VERSION [IPAM-EXTRA]
  printf '{"cniVersion":"%s","name":"dummytest","type":"dummy","ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"198.18.40.0/24"}],[{"subnet":"fd00:40::/64"}]]%s}}' "$1" "$DATA" "${2:-}"
}
modprobe dummy 2>/dev/null

for v in 1.0.0 0.4.0 0.3.1; do
  t="add-check-del-$v"
  new_netns "dm-$v"; ns=/var/run/netns/dm-$v
  cni dummy ADD c1 "$ns" eth0 "$(conf $v)"
  if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW $ERR"; continue; fi
  add=$RAW
  link=$(ip -j -n "dm-$v" -d link show eth0 | tr -d ' ')
  addr=$(ip -j -n "dm-$v" addr show eth0 | tr -d ' ')
  mac=$(printf '%s' "$link" | grep -o '"address":"[^"]*"' | head -n1)
  if ! has "$OUT" "\"cniVersion\":\"$v\""; then fail "$t" "result version: $OUT"
  elif ! has "$OUT" '"name":"eth0"' || ! has "$OUT" "\"sandbox\":\"$ns\""; then fail "$t" "interface missing from result: $OUT"
  elif [ -n "$mac" ] && ! has "$OUT" "\"mac\":${mac#\"address\":}"; then fail "$t" "result MAC is not the link's ($mac): $OUT"
  elif ! has "$OUT" '"interface":0'; then fail "$t" "ips not on interface 0: $OUT"
  elif ! has "$link" '"info_kind":"dummy"'; then fail "$t" "eth0 is not a dummy: $link"
  elif ! has "$link" ',"UP"' && ! has "$link" '"UP",'; then fail "$t" "eth0 is not up: $link"
  elif ! has "$addr" '"local":"198.18.40.' || ! has "$addr" '"local":"fd00:40::'; then fail "$t" "addresses missing: $addr"
  elif [ "$(reserved "$DATA" dummytest)" -ne 2 ]; then fail "$t" "expected 2 reservations"
  else
    ok=1
    if [ "$v" != 0.3.1 ]; then
      cni dummy CHECK c1 "$ns" eth0 "$(with_prev "$(conf $v)" "$add")"
      [ $RC -eq 0 ] || { fail "$t" "CHECK failed: $RAW"; ok=0; }
    fi
    cni dummy DEL c1 "$ns" eth0 "$(conf $v)"
    if [ $RC -ne 0 ]; then fail "$t" "DEL failed: $RAW"
    elif ip -n "dm-$v" link show eth0 >/dev/null 2>&1; then fail "$t" "eth0 still there after DEL"
    elif [ "$(reserved "$DATA" dummytest)" -ne 0 ]; then fail "$t" "addresses still reserved after DEL"
    else
      cni dummy DEL c1 "$ns" eth0 "$(conf $v)"
      if [ $RC -ne 0 ]; then fail "$t" "second DEL failed: $RAW"; elif [ $ok -eq 1 ]; then pass "$t"; fi
    fi
  fi
done

t="same-name-link-in-host"
new_netns dm-host; ip link add dmhost0 type dummy && LINKS+=(dmhost0)
cni dummy ADD c2 /var/run/netns/dm-host dmhost0 "$(conf 1.0.0)"
if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW"
elif ! ip -n dm-host link show dmhost0 >/dev/null 2>&1 || ! ip link show dmhost0 >/dev/null 2>&1; then fail "$t" "one of the two dmhost0 links is missing"
else
  cni dummy DEL c2 /var/run/netns/dm-host dmhost0 "$(conf 1.0.0)"
  if [ $RC -ne 0 ]; then fail "$t" "DEL failed: $RAW"; elif ! ip link show dmhost0 >/dev/null 2>&1; then fail "$t" "DEL removed the host's link"; else pass "$t"; fi
fi

t="check-catches-link-down"
new_netns dm-drift; ns=/var/run/netns/dm-drift
cni dummy ADD c3 "$ns" eth0 "$(conf 1.0.0)"; add=$RAW
ip -n dm-drift link set eth0 down
cni dummy CHECK c3 "$ns" eth0 "$(with_prev "$(conf 1.0.0)" "$add")"
if [ $RC -eq 0 ]; then fail "$t" "CHECK passed with eth0 down"
elif ! has "$RAW" 'Interface eth0 is down'; then fail "$t" "unexpected error: $RAW"
else pass "$t"; fi
cni dummy DEL c3 "$ns" eth0 "$(conf 1.0.0)"

t="add-without-ipam-fails-and-leaves-nothing"
new_netns dm-noipam
cni dummy ADD c4 /var/run/netns/dm-noipam eth0 '{"cniVersion":"1.0.0","name":"dummytest","type":"dummy","ipam":{}}'
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'dummy interface requires an IPAM configuration'; then fail "$t" "unexpected error: $RAW"
elif [ "$(link_count dm-noipam)" -ne 1 ]; then fail "$t" "links left in the namespace"
else pass "$t"; fi

t="failure-after-ipam-rolls-back"
new_netns dm-fail
cni dummy ADD c5 /var/run/netns/dm-fail eth0 "$(conf 1.0.0 ',"routes":[{"dst":"198.18.99.0/24","gw":"198.19.0.1"}]')"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded with an unreachable route gateway"
elif [ "$(link_count dm-fail)" -ne 1 ]; then fail "$t" "the dummy link was left behind"
elif [ "$(reserved "$DATA" dummytest)" -ne 0 ]; then fail "$t" "the reservation was left behind"
else pass "$t"; fi

t="del-with-netns-gone-or-empty"
new_netns dm-gone
cni dummy ADD c6 /var/run/netns/dm-gone eth0 "$(conf 1.0.0)"
ip netns delete dm-gone
cni dummy DEL c6 /var/run/netns/dm-gone eth0 "$(conf 1.0.0)"; rc1=$RC
cni dummy DEL c6 "" eth0 "$(conf 1.0.0)"; rc2=$RC
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then fail "$t" "DEL failed ($rc1/$rc2): $RAW"
elif [ "$(reserved "$DATA" dummytest)" -ne 0 ]; then fail "$t" "the reservation was not released"
else pass "$t"; fi

finish dummy
