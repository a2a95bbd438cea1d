# Multi-stage build: a static binary in a minimal image, running as non-root.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/peerbot ./cmd/peerbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/peerbot /usr/local/bin/peerbot
USER nonroot:nonroot
ENV HTTP_ADDR=:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/peerbot"]
CMD ["serve"]
