"""Calls patient.PatientService/getPatient from Python (Debian's python3-grpcio, no stubs).

Usage: python-get-patient.py HOST:PORT TOKEN PATIENT_ID. Prints one JSON object: the decoded
patient (id, name, mobile, trialId) or the gRPC status name and the vigil-error-code trailer.
"""
import json
import sys

import grpc


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def decode(data):
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


target, token, patient_id = sys.argv[1:4]
request = varint(1 << 3 | 2) + varint(len(patient_id.encode())) + patient_id.encode()
with grpc.insecure_channel(target) as channel:
    call = channel.unary_unary("/patient.PatientService/getPatient")
    try:
        raw = call(request, metadata=[("authorization", "Bearer " + token)], timeout=10)
        patient = decode(decode(raw)[1])
        print(json.dumps({
            "id": patient[1].decode(),
            "name": patient[2].decode(),
            "mobile": patient[3].decode(),
            "trialId": patient[4].decode(),
        }))
    except grpc.RpcError as err:
        trailers = dict(err.trailing_metadata() or [])
        print(json.dumps({"status": err.code().name, "code": trailers.get("vigil-error-code")}))
