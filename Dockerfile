# openness in a container: a Rust builder, then a runtime with no shell and no package manager
# (distroless "cc": glibc, libgcc, CA certificates for the Hub), as a non-root user.
#   docker build -t openness .
#   docker run --rm -v "$PWD/model:/model:ro" openness scan /model
# The Hub cache (HF_HOME) and the links cache (OPENNESS_CACHE) live on the /data volume.

FROM rust:1-slim-bookworm AS build
WORKDIR /src
# Only what the crate is built from (see .dockerignore), so the build cache survives edits to tests.
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY rubrics ./rubrics
COPY licenses ./licenses
COPY templates ./templates
COPY vocab ./vocab
COPY schema ./schema
COPY README.md LICENSE ./
RUN cargo build --release --locked --bin openness \
    && install -D -m 0755 target/release/openness /out/usr/local/bin/openness \
    && install -d -m 0755 /out/data/huggingface /out/data/openness

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/usr/local/bin/openness /usr/local/bin/openness
# The volume belongs to the image's non-root user (65532, "nonroot").
COPY --from=build --chown=65532:65532 /out/data /data
ENV HF_HOME=/data/huggingface \
    OPENNESS_CACHE=/data/openness
VOLUME ["/data"]
USER 65532:65532
WORKDIR /data
ENTRYPOINT ["/usr/local/bin/openness"]
CMD ["--help"]
