#!/usr/bin/env bash
# End-to-end test of the vrf plugin chained after bridge + host-local, through the real protocol. Run as root in
# the kernel VM (this host's kernel has no vrf):
#   CNI_BIN_DIR=/path/to/plugins tests/vm-plugins/vrf.sh
. "$(dirname "$0")/lib.sh"

DATA=$WORK/ipam
modprobe vrf 2>/dev/null
LINKS+=(vrfbr0)

bridge_conf() { # VERSION [ROUTES]: only eth0 gets the default routes (two in one namespace would clash)
  local routes='[{"dst":"0.0.0.0/0"},{"dst":"198.18.60.0/24","gw":"198.18.50.1"},{"dst":"::/0"}]'
  [ "${2:-eth0}" = eth0 ] || routes='[]'
  printf '{"cniVersion":"%s","name":"vrftest","type":"bridge","bridge":"vrfbr0","isGateway":true,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"198.18.50.0/24"}],[{"subnet":"fd00:50::/64"}]],"routes":%s}}' "$1" "$DATA" "$routes"
}
vrf_conf() { # VERSION VRFNAME [EXTRA]
  printf '{"cniVersion":"%s","name":"vrftest","type":"vrf","vrfname":"%s"%s}' "$1" "$2" "${3:-}"
}
# attach NETNS CID IFNAME VERSION: bridge ADD; the result in $PREV.
attach() {
  cni bridge ADD "$2" "/var/run/netns/$1" "$3" "$(bridge_conf "$4" "$3")"
  PREV=$RAW
  [ $RC -eq 0 ] || echo "bridge ADD failed: $RAW $ERR"
}
detach() { cni bridge DEL "$2" "/var/run/netns/$1" "$3" "$(bridge_conf "$4" "$3")"; }
master_of() { ip -n "$1" -j link show "$2" | tr -d ' ' | grep -o '"master":"[^"]*"' | cut -d'"' -f4; }
vrf_table() { ip -n "$1" -j -d link show "$2" 2>/dev/null | tr -d ' ' | grep -o '"table":[0-9]*' | cut -d: -f2; }

for v in 1.0.0 0.4.0; do
  t="add-check-del-$v"; n="vrf-a-${v//./}"
  new_netns "$n"; attach "$n" c1 eth0 "$v"
  cni vrf ADD c1 "/var/run/netns/$n" eth0 "$(with_prev "$(vrf_conf "$v" blue)" "$PREV")"; add=$OUT
  r4=$(ip -n "$n" -4 route show vrf blue 2>&1); r6=$(ip -n "$n" -6 route show vrf blue 2>&1)
  main=$(ip -n "$n" route show table main; ip -n "$n" -6 route show table main)
  a6=$(ip -n "$n" -6 addr show eth0 scope global)
  if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW $ERR"
  elif ! has "$add" "\"cniVersion\":\"$v\"" || ! has "$add" '"198.18.50.'; then fail "$t" "prevResult not passed through: $add"
  elif [ "$(vrf_table "$n" blue)" != 1 ]; then fail "$t" "VRF blue with table 1 missing: $(ip -n "$n" -d link show blue 2>&1)"
  elif [ "$(master_of "$n" eth0)" != blue ]; then fail "$t" "eth0 not enslaved to blue"
  elif ! has "$r4" 'default via 198.18.50.1 dev eth0' || ! has "$r4" '198.18.60.0/24 via 198.18.50.1 dev eth0'; then fail "$t" "IPAM v4 routes not in the VRF table: $r4"
  elif ! has "$r6" 'default via fd00:50::1 dev eth0'; then fail "$t" "IPAM v6 route not in the VRF table: $r6"
  elif ! has "$a6" 'fd00:50::'; then fail "$t" "IPv6 address not restored after enslaving: $a6"
  elif has "$main" 'eth0'; then fail "$t" "routes left in main: $main"
  else
    cni vrf CHECK c1 "/var/run/netns/$n" eth0 "$(with_prev "$(vrf_conf "$v" blue)" "$PREV")"
    if [ $RC -ne 0 ]; then fail "$t" "CHECK failed: $RAW"
    else
      cni vrf DEL c1 "/var/run/netns/$n" eth0 "$(vrf_conf "$v" blue)"
      if [ $RC -ne 0 ]; then fail "$t" "DEL failed: $RAW"
      elif ip -n "$n" link show blue >/dev/null 2>&1; then fail "$t" "VRF left after its last port left"
      elif [ -n "$(master_of "$n" eth0)" ]; then fail "$t" "eth0 still has a master"
      else
        cni vrf DEL c1 "/var/run/netns/$n" eth0 "$(vrf_conf "$v" blue)"
        if [ $RC -ne 0 ]; then fail "$t" "second DEL failed: $RAW"; else pass "$t"; fi
      fi
    fi
  fi
  detach "$n" c1 eth0 "$v"
done

t="custom-table-and-check-catches-release"
n=vrf-table; new_netns $n; attach $n c2 eth0 1.0.0
cni vrf ADD c2 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 red ',"table":4242')" "$PREV")"
if [ $RC -ne 0 ]; then fail "$t" "ADD failed: $RAW"
elif [ "$(vrf_table $n red)" != 4242 ]; then fail "$t" "table is $(vrf_table $n red), not 4242"
elif ! ip -n $n route show table 4242 | grep -q 'default via 198.18.50.1'; then fail "$t" "default route not in table 4242"
else
  ip -n $n link set eth0 nomaster
  cni vrf CHECK c2 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 red ',"table":4242')" "$PREV")"
  if [ $RC -eq 0 ]; then fail "$t" "CHECK passed with eth0 released"
  elif ! has "$RAW" 'Failed to find eth0 associated to vrf red'; then fail "$t" "unexpected CHECK error: $RAW"
  else pass "$t"; fi
fi
cni vrf DEL c2 /var/run/netns/$n eth0 "$(vrf_conf 1.0.0 red)"; detach $n c2 eth0 1.0.0

t="two-ports-one-vrf-table-consistency-and-last-port-deletes"
n=vrf-two; new_netns $n
attach $n c3 eth0 1.0.0; p0=$PREV; attach $n c3 eth1 1.0.0; p1=$PREV; attach $n c3 eth2 1.0.0; p2=$PREV
ip link add vrfother type vrf table 1 2>/dev/null; LINKS+=(vrfother)   # a VRF in another namespace does not count
cni vrf ADD c3 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 green)" "$p0")"; rc0=$RC
cni vrf ADD c3 /var/run/netns/$n eth1 "$(with_prev "$(vrf_conf 1.0.0 green ',"table":1')" "$p1")"; rc1=$RC
cni vrf ADD c3 /var/run/netns/$n eth2 "$(with_prev "$(vrf_conf 1.0.0 green ',"table":7')" "$p2")"; rc2=$RC; e2=$RAW
if [ $rc0 -ne 0 ] || [ $rc1 -ne 0 ]; then fail "$t" "ADDs failed ($rc0/$rc1)"
elif [ "$(vrf_table $n green)" != 1 ]; then fail "$t" "auto table is $(vrf_table $n green), not 1"
elif [ $rc2 -eq 0 ] || ! has "$e2" 'cmdAdd failed: VRF green already exist with different routing table 1'; then fail "$t" "different table accepted or wrong error: $e2"
elif [ -n "$(master_of $n eth2)" ]; then fail "$t" "eth2 enslaved despite the error"
else
  cni vrf DEL c3 /var/run/netns/$n eth0 "$(vrf_conf 1.0.0 green)"
  if ! ip -n $n link show green >/dev/null 2>&1; then fail "$t" "VRF deleted while eth1 still uses it"
  else
    cni vrf DEL c3 /var/run/netns/$n eth1 "$(vrf_conf 1.0.0 green)"
    if ip -n $n link show green >/dev/null 2>&1; then fail "$t" "VRF left after the last port"; else pass "$t"; fi
  fi
fi
for i in eth0 eth1 eth2; do detach $n c3 $i 1.0.0; done

t="second-vrf-takes-the-next-free-table"
n=vrf-next; new_netns $n; attach $n c4 eth0 1.0.0; p0=$PREV; attach $n c4 eth1 1.0.0; p1=$PREV
ip -n $n link add taken type vrf table 1
cni vrf ADD c4 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 v2)" "$p0")"; rc0=$RC
cni vrf ADD c4 /var/run/netns/$n eth1 "$(with_prev "$(vrf_conf 1.0.0 v3)" "$p1")"; rc1=$RC
if [ $rc0 -ne 0 ] || [ $rc1 -ne 0 ]; then fail "$t" "ADDs failed: $RAW"
elif [ "$(vrf_table $n v2)" != 2 ] || [ "$(vrf_table $n v3)" != 3 ]; then fail "$t" "tables $(vrf_table $n v2)/$(vrf_table $n v3), expected 2/3"
else pass "$t"; fi
for i in 0:v2 1:v3; do cni vrf DEL c4 /var/run/netns/$n eth${i%%:*} "$(vrf_conf 1.0.0 ${i#*:})"; detach $n c4 eth${i%%:*} 1.0.0; done

t="already-has-a-master-fails-and-leaves-nothing"
n=vrf-master; new_netns $n; attach $n c5 eth0 1.0.0
ip -n $n link add mine type vrf table 50 && ip -n $n link set mine up && ip -n $n link set eth0 master mine
cni vrf ADD c5 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 blue)" "$PREV")"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'cmdAdd failed: interface eth0 has already a master set: mine'; then fail "$t" "unexpected error: $RAW"
elif ip -n $n link show blue >/dev/null 2>&1; then fail "$t" "the VRF the failed ADD made was left behind"
elif [ "$(master_of $n eth0)" != mine ]; then fail "$t" "eth0's master changed"
else
  # DEL does not release a port another master owns.
  cni vrf DEL c5 /var/run/netns/$n eth0 "$(vrf_conf 1.0.0 blue)"
  if [ $RC -ne 0 ] || [ "$(master_of $n eth0)" != mine ]; then fail "$t" "DEL failed or touched eth0: $RAW"; else pass "$t"; fi
fi
detach $n c5 eth0 1.0.0

t="not-a-vrf-name-is-refused"
n=vrf-kind; new_netns $n; attach $n c6 eth0 1.0.0
ip -n $n link add notvrf type dummy
cni vrf ADD c6 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 notvrf)" "$PREV")"
if [ $RC -eq 0 ]; then fail "$t" "ADD succeeded"
elif ! has "$RAW" 'cmdAdd failed: Netlink notvrf is not a VRF'; then fail "$t" "unexpected error: $RAW"
elif [ -n "$(master_of $n eth0)" ]; then fail "$t" "eth0 got a master"
else pass "$t"; fi
detach $n c6 eth0 1.0.0

t="del-when-interface-or-netns-is-gone"
n=vrf-gone; new_netns $n; attach $n c7 eth0 1.0.0
cni vrf ADD c7 /var/run/netns/$n eth0 "$(with_prev "$(vrf_conf 1.0.0 blue)" "$PREV")"
detach $n c7 eth0 1.0.0   # the device goes first: upstream's DEL then fails
cni vrf DEL c7 /var/run/netns/$n eth0 "$(vrf_conf 1.0.0 blue)"; rc1=$RC; e1=$RAW
gone=$(ip -n $n link show blue 2>/dev/null)
ip netns delete $n
cni vrf DEL c7 /var/run/netns/$n eth0 "$(vrf_conf 1.0.0 blue)"; rc2=$RC
cni vrf DEL c7 "" eth0 "$(vrf_conf 1.0.0 blue)"; rc3=$RC
if [ $rc1 -ne 0 ]; then fail "$t" "DEL with the interface gone failed: $e1"
elif [ -n "$gone" ]; then fail "$t" "VRF left with no port: $gone"
elif [ $rc2 -ne 0 ] || [ $rc3 -ne 0 ]; then fail "$t" "DEL with the netns gone/empty failed ($rc2/$rc3)"
elif [ "$(reserved "$DATA" vrftest)" -ne 0 ]; then fail "$t" "addresses still reserved"
else pass "$t"; fi

finish vrf
