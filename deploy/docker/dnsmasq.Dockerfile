# dnsmasq for the inspector pod: DHCP and TFTP on the provisioning network. It reads the PXE filter
# (dhcp-hostsdir) that the inspector writes and serves boot files from the volume both containers share.
#   docker build -f deploy/docker/dnsmasq.Dockerfile -t ferrum-dnsmasq deploy/docker
# The chart runs it as root with every capability dropped except NET_ADMIN, NET_RAW and
# NET_BIND_SERVICE (DHCP needs raw sockets and port 67), and `user=root` in its configuration, so
# dnsmasq does not try to change user, which would need CAP_SETUID.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends dnsmasq tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/ferrum/dhcp-hostsdir /var/lib/ferrum/boot /var/lib/dnsmasq
EXPOSE 67/udp 69/udp
ENTRYPOINT ["tini", "--", "dnsmasq", "--keep-in-foreground", "--log-facility=-"]
CMD ["--conf-file=/etc/dnsmasq.d/ferrum.conf"]
