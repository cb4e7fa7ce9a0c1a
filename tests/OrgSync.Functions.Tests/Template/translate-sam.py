#!/usr/bin/env python3
"""Translates template.yaml with the AWS SAM translator (the `samtranslator` package, what `sam deploy`
and CloudFormation's AWS::Serverless transform run), offline: no AWS call, no Docker. Fails on any
translation error, so a template SAM would reject never reaches a deployment.

  python3 tests/OrgSync.Functions.Tests/Template/translate-sam.py [template.yaml] [--out FILE]

Exit status: 0 translated, 1 SAM rejected the template, 2 it could not run (samtranslator missing).
"""
import argparse
import json
import os
import sys

try:
    from samtranslator.parser.parser import Parser
    from samtranslator.public.exceptions import InvalidDocumentException
    from samtranslator.translator.translator import Translator
    from samtranslator.yaml_helper import yaml_parse
except ImportError as missing:
    print(f"translate-sam: the SAM translator is not installed ({missing}); pip install aws-sam-translator", file=sys.stderr)
    sys.exit(2)

# The parameters without a default, set as a deployment must set them.
REQUIRED = {"OrganizationId": "o-a1b2c3d4e5"}


def local_code_to_s3(template):
    """`sam build` / `sam package` replace the local CodeUri ('.') by the uploaded artifact; do the same."""
    placeholder = "s3://orgsync-artifacts/orgsync/bootstrap.zip"
    function_globals = template.get("Globals", {}).get("Function", {})
    if isinstance(function_globals.get("CodeUri"), str):
        function_globals["CodeUri"] = placeholder
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = placeholder


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("template", nargs="?", default="template.yaml")
    arguments.add_argument("--out", help="write the translated CloudFormation template (JSON) here")
    options = arguments.parse_args()

    with open(options.template, encoding="utf-8") as source:
        template = yaml_parse(source.read())
    local_code_to_s3(template)

    # The translator reads the Region for ARNs it builds; no credentials are needed or used.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    try:
        translated = Translator(managed_policy_map={}, sam_parser=Parser()).translate(
            sam_template=template, parameter_values=dict(REQUIRED))
    except InvalidDocumentException as invalid:
        for cause in invalid.causes:
            print(f"{options.template}: SAM: {cause.message}", file=sys.stderr)
        return 1

    if options.out:
        with open(options.out, "w", encoding="utf-8") as out:
            json.dump(translated, out, indent=1, default=str)
    resources = translated.get("Resources", {})
    print(f"translate-sam: {options.template} translated: {len(resources)} CloudFormation resources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
