#!/usr/bin/env bash
# End-to-end test of the ipvlan plugin through the real protocol. Run as root in the kernel VM:
#   CNI_BIN_DIR=/path/to/plugins tests/vm-plugins/ipvlan.sh
. "$(dirname "$0")/lib.sh"

DATA=$WORK/ipam
conf() { # VERSION EXTRA-KEYS
  printf '{"cniVersion":"%s","name":"ipvtest","type":"ipvlan"%s,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"198.18.41.0/24"}],[{"subnet":"fd00:41::/64"}]]}}' "$1" "${2:-}" "$DATA"
}
modprobe ipvlan 2>/dev/null
new_veth ipvm0 ipvm1

for mode in l2 l3 l3s; do
  for v in 1.0.0 0.4.0 0.3.1; do
    t="add-check-del-$mode-$v"
    n="ipv-$mode-${v//./}"; new_netns "$n"; ns=/var/run/netns/$n
    c=$(conf $v ",\"master\":\"ipvm0\",\"mode\":\"$mode\",\"mtu\":1400")
    cni ipvlan ADD c1 "$ns" eth0 "$c"
    if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW $ERR"; continue; fi
    add=$RAW
    link=$(ip -j -n "$n" -d link show eth0 | tr -d ' ')
    if ! has "$OUT" "\"cniVersion\":\"$v\"" || ! has "$OUT" "\"sandbox\":\"$ns\"" || ! has "$OUT" '"interface":0'; then fail "$t" "result: $OUT"
    elif ! has "$link" '"info_kind":"ipvlan"' || ! has "$link" "\"mode\":\"$mode\""; then fail "$t" "not an ipvlan in mode $mode: $link"
    elif ! has "$link" '"mtu":1400'; then fail "$t" "mtu not applied: $link"
    elif ! ip -n "$n" addr show eth0 | grep -q 'inet 198.18.41.'; then fail "$t" "no IPv4 address"
    elif ip -n "$n" -o link | grep -q veth; then fail "$t" "temporary veth name left"
    else
      ok=1
      if [ "$v" != 0.3.1 ]; then
        cni ipvlan CHECK c1 "$ns" eth0 "$(with_prev "$c" "$add")"
        [ $RC -eq 0 ] || { fail "$t" "CHECK failed: $RAW"; ok=0; }
        other=l2; [ "$mode" = l2 ] && other=l3
        cni ipvlan CHECK c1 "$ns" eth0 "$(with_prev "$(conf $v ",\"master\":\"ipvm0\",\"mode\":\"$other\"")" "$add")"
        has "$RAW" "Container IPVlan mode $mode does not match expected value: $other" || { fail "$t" "CHECK missed a mode change: $RAW"; ok=0; }
      fi
      cni ipvlan DEL c1 "$ns" eth0 "$c"
      if [ $RC -ne 0 ]; then fail "$t" "DEL failed: $RAW"
      elif ip -n "$n" link show eth0 >/dev/null 2>&1; then fail "$t" "eth0 still there after DEL"
      elif [ "$(reserved "$DATA" ipvtest)" -ne 0 ]; then fail "$t" "addresses still reserved"
      else
        cni ipvlan DEL c1 "$ns" eth0 "$c"
        if [ $RC -ne 0 ]; then fail "$t" "second DEL failed: $RAW"; elif [ $ok -eq 1 ]; then pass "$t"; fi
      fi
    fi
  done
done

t="two-containers-reach-each-other"
new_netns ipv-a; new_netns ipv-b
c=$(conf 1.0.0 ',"master":"ipvm0"')
cni ipvlan ADD ca /var/run/netns/ipv-a eth0 "$c"
a_ip=$(printf '%s' "$OUT" | grep -o '"address":"198\.18\.41\.[0-9]*' | cut -d'"' -f4)
cni ipvlan ADD cb /var/run/netns/ipv-b eth0 "$c"
if [ -z "$a_ip" ]; then fail "$t" "no address for a"
elif ! ip netns exec ipv-b ping -c 1 -W 2 "$a_ip" >/dev/null 2>&1; then fail "$t" "ping $a_ip from b failed"
else pass "$t"; fi
cni ipvlan DEL ca /var/run/netns/ipv-a eth0 "$c"; cni ipvlan DEL cb /var/run/netns/ipv-b eth0 "$c"

t="chained-reuses-prevresult"
new_netns ipv-ch; ns=/var/run/netns/ipv-ch
prev='{"cniVersion":"1.0.0","interfaces":[{"name":"ipvm0"}],"ips":[{"address":"198.18.42.7/24","gateway":"198.18.42.1","interface":0}],"routes":[{"dst":"198.18.43.0/24"}]}'
c=$(with_prev '{"cniVersion":"1.0.0","name":"ipvchain","type":"ipvlan","ipam":{}}' "$prev")
cni ipvlan ADD c2 "$ns" eth0 "$c"
if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW"
elif ! has "$OUT" '"address":"198.18.42.7/24"' || has "$OUT" '"name":"ipvm0"'; then fail "$t" "result: $OUT"
elif ! ip -n ipv-ch addr show eth0 | grep -q 'inet 198.18.42.7/24'; then fail "$t" "prevResult address not configured"
elif ! ip -n ipv-ch route | grep -q '198.18.43.0/24 via 198.18.42.1 dev eth0'; then fail "$t" "prevResult route not configured"
elif ! ip -n ipv-ch link show eth0 | grep -q "eth0@if$(cat /sys/class/net/ipvm0/ifindex):"; then fail "$t" "master not taken from prevResult: $(ip -n ipv-ch link show eth0)"
else
  cni ipvlan DEL c2 "$ns" eth0 "$c"
  if [ $RC -ne 0 ]; then fail "$t" "DEL failed: $RAW"; elif ip -n ipv-ch link show eth0 >/dev/null 2>&1; then fail "$t" "eth0 left"; else pass "$t"; fi
fi

t="chained-prevresult-without-single-interface"
new_netns ipv-ch2
prev='{"cniVersion":"1.0.0","interfaces":[{"name":"a"},{"name":"b"}],"ips":[{"address":"198.18.42.8/24","interface":0}]}'
cni ipvlan ADD c3 /var/run/netns/ipv-ch2 eth0 "$(with_prev '{"cniVersion":"1.0.0","name":"ipvchain","type":"ipvlan","ipam":{}}' "$prev")"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'chained master failure. PrevResult lacks a single named interface'; then fail "$t" "unexpected error: $RAW"
elif [ "$(link_count ipv-ch2)" -ne 1 ]; then fail "$t" "links left"
else pass "$t"; fi

t="default-master-in-container"
new_netns ipv-def; ns=/var/run/netns/ipv-def
ip -n ipv-def link add up0 type veth peer name up1 && ip -n ipv-def link set up0 up && ip -n ipv-def link set up1 up
ip -n ipv-def addr add 198.18.44.2/24 dev up0 && ip -n ipv-def route add default via 198.18.44.1
c=$(conf 1.0.0 ',"linkInContainer":true')
cni ipvlan ADD c4 "$ns" eth0 "$c"
if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW"
elif ! ip -n ipv-def -d link show eth0 | grep -q 'eth0@up0'; then fail "$t" "eth0 not on up0: $(ip -n ipv-def link show eth0)"
else
  cni ipvlan DEL c4 "$ns" eth0 "$c"
  [ $RC -eq 0 ] && pass "$t" || fail "$t" "DEL failed: $RAW"
fi

t="bad-mode-is-refused"
new_netns ipv-bad
cni ipvlan ADD c5 /var/run/netns/ipv-bad eth0 "$(conf 1.0.0 ',"master":"ipvm0","mode":"l4"')"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'unknown ipvlan mode: \"l4\"'; then fail "$t" "unexpected error: $RAW"
elif [ "$(link_count ipv-bad)" -ne 1 ] || [ "$(reserved "$DATA" ipvtest)" -ne 0 ]; then fail "$t" "something was left"
else pass "$t"; fi

t="unknown-master-is-refused"
cni ipvlan ADD c6 /var/run/netns/ipv-bad eth0 "$(conf 1.0.0 ',"master":"nosuchmaster"')"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'failed to lookup master \"nosuchmaster\"'; then fail "$t" "unexpected error: $RAW"
elif [ "$(link_count ipv-bad)" -ne 1 ] || [ "$(reserved "$DATA" ipvtest)" -ne 0 ]; then fail "$t" "something was left"
else pass "$t"; fi

t="failure-after-ipam-rolls-back"
new_netns ipv-fail
cni ipvlan ADD c7 /var/run/netns/ipv-fail eth0 "$(printf '{"cniVersion":"1.0.0","name":"ipvtest","type":"ipvlan","master":"ipvm0","ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"198.18.41.0/24"}]],"routes":[{"dst":"198.18.99.0/24","gw":"198.19.0.1"}]}}' "$DATA")"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded with an unreachable route gateway"
elif [ "$(link_count ipv-fail)" -ne 1 ]; then fail "$t" "the ipvlan link was left behind"
elif [ "$(reserved "$DATA" ipvtest)" -ne 0 ]; then fail "$t" "the reservation was left behind"
else pass "$t"; fi

t="del-with-netns-gone-or-empty"
new_netns ipv-gone
c=$(conf 1.0.0 ',"master":"ipvm0"')
cni ipvlan ADD c8 /var/run/netns/ipv-gone eth0 "$c"
ip netns delete ipv-gone
cni ipvlan DEL c8 /var/run/netns/ipv-gone eth0 "$c"; rc1=$RC
cni ipvlan DEL c8 "" eth0 "$c"; rc2=$RC
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then fail "$t" "DEL failed ($rc1/$rc2): $RAW"
elif [ "$(reserved "$DATA" ipvtest)" -ne 0 ]; then fail "$t" "the reservation was not released"
else pass "$t"; fi

finish ipvlan
