# ordlint built from source; used by the `ordlint-docker` pre-commit hook, which mounts the
# repository at /src and runs `ordlint --context . FILE...` there.
FROM debian:12-slim AS build
COPY . /ordlint
WORKDIR /ordlint
RUN scripts/install-deps.sh --build-only \
    && cmake -S . -B /tmp/build -DCMAKE_BUILD_TYPE=Release -DORDLINT_BUILD_TESTS=OFF -DORDLINT_WERROR=OFF \
    && cmake --build /tmp/build --target ordlint -j "$(nproc)" \
    && cmake --install /tmp/build --prefix /usr/local

FROM debian:12-slim
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends libyaml-cpp0.7 libre2-9 libfmt9 >/dev/null \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/ordlint /usr/local/bin/ordlint
WORKDIR /src
ENTRYPOINT ["ordlint"]
