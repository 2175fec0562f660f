# One image for every Kantine service; the Helm chart picks the service with its command
# (`python -m services.feed`, `kantine migrate feed`). Build: docker build -t kantine:dev .
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY kantine kantine
COPY services services
COPY examples examples
RUN python -m venv /opt/kantine && /opt/kantine/bin/pip install --no-cache-dir .

FROM python:3.11-slim
# a fixed non-root user, so the chart's runAsUser and the files agree
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin kantine
COPY --from=build /opt/kantine /opt/kantine
ENV PATH=/opt/kantine/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER 10001
EXPOSE 50051 8080
# the read-only root filesystem leaves only /tmp writable (an emptyDir in the chart)
CMD ["python", "-m", "services.gateway"]
