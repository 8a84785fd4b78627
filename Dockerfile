# Builds `pset` with the Swift toolchain, then runs `pset serve` on slim Debian with what grading needs:
# gcc and ThreadSanitizer's runtime to compile and check submissions, binutils to symbolise reports.
# The sandbox creates namespaces and cgroups, so run the container with --privileged (or CAP_SYS_ADMIN
# and a writable /sys/fs/cgroup).

FROM swift:6.3-bookworm AS build
WORKDIR /src
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
COPY Package.swift ./
COPY Sources Sources
COPY problems problems
COPY migrations migrations
RUN swift build -c release --static-swift-stdlib --product pset \
    && install -D "$(swift build -c release --show-bin-path)/pset" /out/pset

FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libtsan2 libsqlite3-0 binutils gdb iproute2 \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# Outside /usr, which every sandboxed run sees: the binary embeds the bank, reference solutions and hidden
# tests included, and no submission may read it.
COPY --from=build /out/pset /opt/pset/bin/pset
ENV PATH="/opt/pset/bin:${PATH}" \
    PSET_DB=/var/lib/pset/pset.sqlite
VOLUME ["/var/lib/pset"]
EXPOSE 8080
ENTRYPOINT ["pset"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
