"""gRPC between the services over mutual TLS, with certificates from the settings (the chart mounts them
from a Secret): a client that has the CA and a certificate it signed is served; a plaintext client, a
client without a certificate and one with a certificate of another CA are not. A plaintext health-only
port answers the probes and nothing else."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from kantine.config import ConfigError, PlatformSettings, load
from kantine.grpcutil import GrpcServer, GrpcTls, channel, check_health
from kantine.platform.procs import free_port


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(directory: Path, name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = _key()
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # key_cert_sign, crl_sign
        .sign(key, hashes.SHA256())
    )
    (directory / "ca.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def issue(directory: Path, ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey], name: str) -> GrpcTls:
    """A certificate for `name` that serves as server and client, as the chart's one Secret does."""
    ca_cert, ca_key = ca
    key = _key()
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    (directory / f"{name}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / f"{name}.key").write_bytes(_pem(key))
    return GrpcTls(directory / f"{name}.crt", directory / f"{name}.key", directory / "ca.crt")


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, GrpcTls]:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    ca = make_ca(ours, "kantine-ca")
    return {
        "server": issue(ours, ca, "feed"),
        "client": issue(ours, ca, "gateway"),
        "stranger": issue(theirs, make_ca(theirs, "another-ca"), "gateway"),
    }


async def test_a_client_with_the_ca_and_a_certificate_is_served_and_a_plaintext_one_is_not(
    pki: dict[str, GrpcTls],
) -> None:
    listen, health_listen = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    server = GrpcServer(listen, tls=pki["server"], health_listen=health_listen)
    await server.start()
    await server.serving()
    try:
        # the control: the same server, a client with the CA and its own certificate
        assert await check_health(listen, tls=pki["client"])
        async with channel(listen, tls=pki["client"]) as ch:
            reflected = reflection_pb2_grpc.ServerReflectionStub(ch).ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")])
            )
            names = {s.name async for r in reflected for s in r.list_services_response.service}
            assert "grpc.health.v1.Health" in names
        assert not await check_health(listen)  # plaintext
        stranger = grpc.ssl_channel_credentials(root_certificates=pki["client"].ca.read_bytes())
        async with grpc.aio.secure_channel(listen, stranger) as ch:  # TLS, but no certificate of its own
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=3)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        # a certificate another CA signed (it trusts our server's CA, so only its own certificate is wrong)
        other = pki["stranger"]
        foreign = grpc.ssl_channel_credentials(
            root_certificates=pki["client"].ca.read_bytes(),
            private_key=other.key.read_bytes(),
            certificate_chain=other.cert.read_bytes(),
        )
        async with grpc.aio.secure_channel(listen, foreign) as ch:
            with pytest.raises(grpc.aio.AioRpcError):
                await health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=3)
        # the probes' port: plaintext health, and nothing else
        assert await check_health(health_listen)
        async with grpc.aio.insecure_channel(health_listen) as ch:
            reflected = reflection_pb2_grpc.ServerReflectionStub(ch).ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")])
            )
            with pytest.raises(grpc.aio.AioRpcError) as absent:
                async for _ in reflected:
                    pass
            assert absent.value.code() == grpc.StatusCode.UNIMPLEMENTED
    finally:
        await server.stop(0)


async def test_without_tls_settings_the_server_speaks_plaintext_as_in_the_demo() -> None:
    listen = f"127.0.0.1:{free_port()}"
    server = GrpcServer(listen)
    await server.start()
    await server.serving()
    try:
        assert await check_health(listen)
    finally:
        await server.stop(0)


def test_the_certificate_paths_come_from_the_settings_all_three_or_none(pki: dict[str, GrpcTls]) -> None:
    base = {
        "KANTINE_DATABASE_URL": "postgresql://k@db/k",
        "KANTINE_NATS_URL": "nats://n:4222",
        "KANTINE_GRPC_LISTEN": ":1",
    }
    tls = pki["server"]
    paths = {
        "KANTINE_GRPC_TLS_CERT": str(tls.cert),
        "KANTINE_GRPC_TLS_KEY": str(tls.key),
        "KANTINE_GRPC_TLS_CA": str(tls.ca),
    }
    assert GrpcTls.of(load(PlatformSettings, {**base, **paths})) == tls
    assert GrpcTls.of(load(PlatformSettings, base)) is None
    with pytest.raises(ConfigError) as partial:
        load(PlatformSettings, {**base, "KANTINE_GRPC_TLS_CERT": str(tls.cert)})
    assert "set together" in str(partial.value)
