"""Expands template.yaml's AWS::Serverless resources with the SAM translator (what `sam deploy`
and cfn-lint run) and prints the resulting CloudFormation template as JSON on stdout.

Usage: python3 sam-transform.py TEMPLATE. Local CodeUri paths become placeholder S3 URIs (as
`sam package` would upload them); managed policy ARNs are not looked up (no AWS account needed).
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


def main(path):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = "s3://placeholder-bucket/" + properties["CodeUri"]
    json.dump(transform(template, {}, NoManagedPolicies()), sys.stdout, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
