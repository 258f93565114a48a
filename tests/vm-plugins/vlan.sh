#!/usr/bin/env bash
# End-to-end test of the vlan plugin through the real protocol. Run as root in the kernel VM:
#   CNI_BIN_DIR=/path/to/plugins tests/vm-plugins/vlan.sh
. "$(dirname "$0")/lib.sh"

DATA=$WORK/ipam
conf() { # VERSION EXTRA-KEYS [SUBNET-OCTET]
  printf '{"cniVersion":"%s","name":"vlantest","type":"vlan"%s,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"198.18.%s.0/24"}]]}}' "$1" "${2:-}" "$DATA" "${3:-45}"
}
modprobe 8021q 2>/dev/null
new_veth vlm0 vlm1

for v in 1.0.0 0.4.0 0.3.1; do
  t="add-check-del-$v"
  n="vl-${v//./}"; new_netns "$n"; ns=/var/run/netns/$n
  c=$(conf $v ',"master":"vlm0","vlanId":100,"mtu":1400')
  cni vlan ADD c1 "$ns" eth0 "$c"
  if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW $ERR"; continue; fi
  add=$RAW
  link=$(ip -j -n "$n" -d link show eth0 | tr -d ' ')
  if ! has "$OUT" "\"cniVersion\":\"$v\"" || ! has "$OUT" "\"sandbox\":\"$ns\"" || ! has "$OUT" '"interface":0'; then fail "$t" "result: $OUT"
  elif ! has "$link" '"info_kind":"vlan"' || ! has "$link" '"protocol":"802.1Q"' || ! has "$link" '"id":100'; then fail "$t" "not VLAN 100: $link"
  elif ! has "$link" '"mtu":1400'; then fail "$t" "mtu not applied: $link"
  elif ! ip -n "$n" addr show eth0 | grep -q 'inet 198.18.45.'; then fail "$t" "no address"
  else
    ok=1
    if [ "$v" != 0.3.1 ]; then
      cni vlan CHECK c1 "$ns" eth0 "$(with_prev "$c" "$add")"
      [ $RC -eq 0 ] || { fail "$t" "CHECK failed: $RAW"; ok=0; }
      cni vlan CHECK c1 "$ns" eth0 "$(with_prev "$(conf $v ',"master":"vlm0","vlanId":101')" "$add")"
      [ $RC -ne 0 ] || { fail "$t" "CHECK missed a VLAN id change"; ok=0; }
    fi
    cni vlan DEL c1 "$ns" eth0 "$c"
    if [ $RC -ne 0 ]; then fail "$t" "DEL failed: $RAW"
    elif ip -n "$n" link show eth0 >/dev/null 2>&1; then fail "$t" "eth0 still there after DEL"
    elif [ "$(reserved "$DATA" vlantest)" -ne 0 ]; then fail "$t" "address still reserved"
    else
      cni vlan DEL c1 "$ns" eth0 "$c"
      if [ $RC -ne 0 ]; then fail "$t" "second DEL failed: $RAW"; elif [ $ok -eq 1 ]; then pass "$t"; fi
    fi
  fi
done

t="mtu-inherited-from-master"
ip link set vlm0 mtu 1450
new_netns vl-mtu
c=$(conf 1.0.0 ',"master":"vlm0","vlanId":7')
cni vlan ADD c2 /var/run/netns/vl-mtu eth0 "$c"
if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW"
elif ! ip -n vl-mtu link show eth0 | grep -q 'mtu 1450'; then fail "$t" "mtu: $(ip -n vl-mtu link show eth0)"
else pass "$t"; fi
cni vlan DEL c2 /var/run/netns/vl-mtu eth0 "$c"
ip link set vlm0 mtu 1500

t="tagged-traffic-crosses-the-master"
new_veth vlx0 vlx1
new_netns vl-a; new_netns vl-b
ca=$(conf 1.0.0 ',"master":"vlx0","vlanId":200' 46); cb=$(conf 1.0.0 ',"master":"vlx1","vlanId":200' 46)
cni vlan ADD ca /var/run/netns/vl-a eth0 "$ca"
a_ip=$(printf '%s' "$OUT" | grep -o '"address":"198\.18\.46\.[0-9]*' | cut -d'"' -f4)
cni vlan ADD cb /var/run/netns/vl-b eth0 "$cb"
if [ -z "$a_ip" ]; then fail "$t" "no address for a"
elif ! ip netns exec vl-b ping -c 1 -W 2 "$a_ip" >/dev/null 2>&1; then fail "$t" "ping $a_ip over VLAN 200 failed"
else pass "$t"; fi
cni vlan DEL ca /var/run/netns/vl-a eth0 "$ca"; cni vlan DEL cb /var/run/netns/vl-b eth0 "$cb"

t="link-in-container"
new_netns vl-in
ip -n vl-in link add up0 type veth peer name up1 && ip -n vl-in link set up0 up
c=$(conf 1.0.0 ',"master":"up0","vlanId":300,"linkInContainer":true')
cni vlan ADD c3 /var/run/netns/vl-in eth0 "$c"
if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW"
elif ! ip -n vl-in link show eth0 | grep -q 'eth0@up0'; then fail "$t" "eth0 not on up0"
else
  cni vlan DEL c3 /var/run/netns/vl-in eth0 "$c"
  [ $RC -eq 0 ] && pass "$t" || fail "$t" "DEL failed: $RAW"
fi

bad() { # NAME EXTRA-KEYS EXPECTED-MESSAGE
  local t=$1
  new_netns "vl-$1"
  cni vlan ADD cbad "/var/run/netns/vl-$1" eth0 "$(conf 1.0.0 "$2")"
  if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
  elif ! has "$RAW" "$3"; then fail "$t" "unexpected error: $RAW"
  elif [ "$(link_count "vl-$1")" -ne 1 ] || [ "$(reserved "$DATA" vlantest)" -ne 0 ]; then fail "$t" "something was left"
  elif ip -o link show type vlan | grep -q .; then fail "$t" "a vlan was left in the host"
  else pass "$t"; fi
}
bad vlan-id-4095 ',"master":"vlm0","vlanId":4095' 'invalid VLAN ID 4095 (must be between 0 and 4095 inclusive)'
bad vlan-id-negative ',"master":"vlm0","vlanId":-1' 'invalid VLAN ID -1'
bad mtu-above-master ',"master":"vlm0","vlanId":5,"mtu":9000' 'invalid MTU 9000, must be [0, master MTU(1500)]'
bad mtu-negative ',"master":"vlm0","vlanId":5,"mtu":-1' 'invalid MTU -1, must be [0, master MTU(1500)]'
bad master-missing ',"vlanId":5' '\"master\" field is required'
bad master-unknown ',"master":"nosuchmaster","vlanId":5' 'failed to lookup master \"nosuchmaster\"'

t="ipam-failure-leaves-no-vlan"
new_netns vl-ipam
cni vlan ADD c4 /var/run/netns/vl-ipam eth0 '{"cniVersion":"1.0.0","name":"vlantest","type":"vlan","master":"vlm0","vlanId":9,"ipam":{"type":"no-such-ipam"}}'
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'failed to execute IPAM delegate:' || ! has "$OUT" '"code":999'; then fail "$t" "unexpected error: $RAW"
elif [ "$(link_count vl-ipam)" -ne 1 ]; then fail "$t" "the vlan link was left behind (upstream leaks it)"
else pass "$t"; fi

t="del-with-netns-gone-and-master-gone"
new_veth vly0 vly1
new_netns vl-gone
c=$(conf 1.0.0 ',"master":"vly0","vlanId":10')
cni vlan ADD c5 /var/run/netns/vl-gone eth0 "$c"
ip netns delete vl-gone; ip link delete vly0
cni vlan DEL c5 /var/run/netns/vl-gone eth0 "$c"; rc1=$RC
cni vlan DEL c5 "" eth0 "$c"; rc2=$RC
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then fail "$t" "DEL failed ($rc1/$rc2): $RAW"
elif [ "$(reserved "$DATA" vlantest)" -ne 0 ]; then fail "$t" "the reservation was not released"
else pass "$t"; fi

finish vlan
