# ordlint's container image: the statically linked release binary alone (no shell, no libc,
# nothing else), run as a non-root user. The `ordlint-docker` pre-commit hook builds it from
# this file and runs `ordlint --context . FILE...` with the repository mounted at /src.
# tests/release/dockerfile.sh checks this file offline and runs the final stage's content.
FROM debian:12-slim AS build
COPY . /ordlint
WORKDIR /ordlint
RUN scripts/install-deps.sh --build-only && scripts/release/build.sh

FROM scratch
COPY --from=build /ordlint/build-static/ordlint /usr/local/bin/ordlint
ENV PATH=/usr/local/bin
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/ordlint"]
