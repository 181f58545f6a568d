"""A non-Node gRPC client for the rpc tests: Debian's python3-grpcio, no generated stubs.

Messages are encoded by hand (protobuf wire format: tag = field << 3 | wire type; strings are
length-delimited, wire type 2; ints are varints, wire type 0), so the test needs nothing but grpcio.
Usage: python-client.py HOST:PORT TRACEPARENT. Prints one JSON object with what it saw.
"""
import json
import sys

import grpc


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def encode(fields):
    """fields: list of (number, value) with str or int values."""
    out = bytearray()
    for number, value in fields:
        if isinstance(value, str):
            data = value.encode()
            out += varint(number << 3 | 2) + varint(len(data)) + data
        else:
            out += varint(number << 3 | 0) + varint(value)
    return bytes(out)


def decode(data):
    """Returns {field number: value}: bytes for wire type 2, int for varints."""
    fields, i = {}, 0

    def read_varint():
        nonlocal i
        shift = result = 0
        while True:
            b = data[i]
            i += 1
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    while i < len(data):
        key = read_varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            fields[number] = read_varint()
        elif wire == 2:
            length = read_varint()
            fields[number] = data[i:i + length]
            i += length
        else:
            raise ValueError("unexpected wire type %d" % wire)
    return fields


def main():
    target, traceparent = sys.argv[1], sys.argv[2]
    result = {}
    with grpc.insecure_channel(target) as channel:
        echo = channel.unary_unary(
            "/vigil.test.Echo/Echo", request_serializer=encode, response_deserializer=decode
        )
        reply = echo(
            [(1, "hello from python"), (3, 42)],
            metadata=[("traceparent", traceparent), ("authorization", "Bearer py")],
            timeout=2,
        )
        result["echo"] = {
            "message": reply.get(1, b"").decode(),
            "trace_id": reply.get(2, b"").decode(),
            "authorization": reply.get(3, b"").decode(),
            "remaining_ms": reply.get(4, -1),
            "server": reply.get(5, b"").decode(),
            "count": reply.get(6, 0),
        }

        try:
            echo([(2, "app:PATIENT_NOT_FOUND")], timeout=2)
            result["error"] = None
        except grpc.RpcError as err:
            result["error"] = {
                "code": err.code().name,
                "details": err.details(),
                "vigil_error_code": dict(err.trailing_metadata() or ()).get("vigil-error-code"),
            }

        check = channel.unary_unary(
            "/grpc.health.v1.Health/Check", request_serializer=encode, response_deserializer=decode
        )
        # HealthCheckResponse.status: 0 UNKNOWN, 1 SERVING, 2 NOT_SERVING, 3 SERVICE_UNKNOWN.
        statuses = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}
        result["health"] = {
            "server": statuses[check([], timeout=2).get(1, 0)],
            "echo": statuses[check([(1, "vigil.test.Echo")], timeout=2).get(1, 0)],
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
