#!/usr/bin/python3
"""Signs a request with botocore (Debian's python3-botocore, the signer of AWS's Python SDK) at
a given time, and prints the Authorization header it computes: the reference that Wirepad's
SigV4 signing (shared/sigv4.cpp, sent by `wirepad run`) is compared with.

Usage: sigv4_botocore.py SERVICE REGION AMZ_DATE METHOD URL BODY [HEADER: VALUE]...
Credentials: AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, session token "tok/en".
"""
import datetime
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

service, region, amz_date, method, url, body = sys.argv[1:7]
headers = {}
for line in sys.argv[7:]:
    name, _, value = line.partition(":")
    headers[name.strip()] = value.strip()

credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "tok/en")
request = AWSRequest(method=method, url=url, data=body.encode(), headers=headers)
signer = (S3SigV4Auth if service == "s3" else SigV4Auth)(credentials, service, region)
when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
# botocore reads the clock in add_auth: give it the time Wirepad signed at.
with mock.patch("botocore.auth.datetime") as clock:
    clock.datetime.utcnow.return_value = when
    clock.datetime.now.return_value = when.replace(tzinfo=datetime.timezone.utc)
    clock.timezone = datetime.timezone
    signer.add_auth(request)
print(request.headers["Authorization"])
