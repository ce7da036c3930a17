import ipaddress

net = ipaddress.ip_network("192.168.1.0/29")
print(net, net.num_addresses, net.netmask, net.broadcast_address, net.prefixlen)
print([str(h) for h in net.hosts()])
addr = ipaddress.ip_address("192.168.1.5")
print(addr in net, addr.is_private, addr + 3, int(addr), addr.version)
print(list(net.subnets(prefixlen_diff=1)), net.supernet(new_prefix=24))
v6 = ipaddress.ip_address("2001:db8::1")
print(v6.exploded, v6.compressed, v6.version, ipaddress.ip_address("::1").is_loopback)
iface = ipaddress.ip_interface("10.0.0.7/24")
print(iface.network, iface.ip, ipaddress.ip_network("10.0.0.0/8").overlaps(iface.network))
for bad in ("300.1.1.1", "10.0.0.0/33"):
    try:
        ipaddress.ip_network(bad)
    except ValueError as e:
        print("ValueError:", e)
print(sorted(ipaddress.ip_address(a) for a in ["10.0.0.10", "10.0.0.2", "9.255.0.1"]))
print(list(ipaddress.collapse_addresses([ipaddress.ip_network("10.0.0.0/25"), ipaddress.ip_network("10.0.0.128/25")])))
