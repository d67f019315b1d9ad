// Command go-resolver resolves an AWS profile the way Terraform's AWS provider and S3 backend
// do (through github.com/hashicorp/aws-sdk-go-base/v2 on the AWS SDK for Go v2) and prints the
// STS caller identity as JSON. The keyless interop tests run it to prove that a profile and SSO
// token cache written by keyless are accepted by Terraform's credential library.
//
// Usage:
//
//	go-resolver -profile NAME [-region REGION]   prints {"account","arn","userId"} on stdout
//	go-resolver -versions                        prints the module versions it was built with
//
// Endpoints: like Terraform's S3 backend (endpoints.sso/sts/iam, also read from the env vars
// AWS_ENDPOINT_URL_SSO/_STS/_IAM), the per-service variables are passed to awsbase.Config's
// SsoEndpoint/StsEndpoint/IamEndpoint. Anything not set there (AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_SSO_OIDC) is left to the Go SDK's own configured-endpoint handling.
// On failure it prints every diagnostic to stderr and exits 1.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	awsbase "github.com/hashicorp/aws-sdk-go-base/v2"
	"github.com/hashicorp/aws-sdk-go-base/v2/diag"
)

type identity struct {
	Account string `json:"account"`
	Arn     string `json:"arn"`
	UserID  string `json:"userId"`
}

func main() {
	profile := flag.String("profile", "", "shared config profile to resolve")
	region := flag.String("region", "", "region (default: from the profile or AWS_REGION)")
	versions := flag.Bool("versions", false, "print the module versions this binary was built with")
	flag.Parse()

	if *versions {
		printVersions()
		return
	}
	if *profile == "" {
		fail("missing -profile")
	}

	stsEndpoint := os.Getenv("AWS_ENDPOINT_URL_STS")
	cfg := &awsbase.Config{
		CallerName:             "keyless interop go-resolver",
		CallerDocumentationURL: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs",
		Profile:                *profile,
		Region:                 *region,
		SsoEndpoint:            os.Getenv("AWS_ENDPOINT_URL_SSO"),
		StsEndpoint:            stsEndpoint,
		IamEndpoint:            os.Getenv("AWS_ENDPOINT_URL_IAM"),
		MaxRetries:             2,
		SuppressDebugLog:       true,
	}

	ctx := context.Background()
	ctx, awsCfg, diags := awsbase.GetAwsConfig(ctx, cfg)
	printDiagnostics(diags.Warnings())
	if diags.HasError() {
		printDiagnostics(diags.Errors())
		os.Exit(1)
	}

	client := sts.NewFromConfig(awsCfg, func(o *sts.Options) {
		if stsEndpoint != "" {
			o.BaseEndpoint = aws.String(stsEndpoint)
		}
	})
	out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		fail(fmt.Sprintf("sts GetCallerIdentity: %v", err))
	}
	id := identity{Account: aws.ToString(out.Account), Arn: aws.ToString(out.Arn), UserID: aws.ToString(out.UserId)}
	if err := json.NewEncoder(os.Stdout).Encode(id); err != nil {
		fail(err.Error())
	}
}

func printDiagnostics(diags diag.Diagnostics) {
	for _, d := range diags {
		sev := "warning"
		if d.Severity() == diag.SeverityError {
			sev = "error"
		}
		fmt.Fprintf(os.Stderr, "%s: %s\n", sev, d.Summary())
		if detail := strings.TrimSpace(d.Detail()); detail != "" {
			fmt.Fprintln(os.Stderr, detail)
		}
	}
}

func printVersions() {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fail("no build info")
	}
	fmt.Printf("go %s\n", info.GoVersion)
	for _, dep := range info.Deps {
		if strings.HasPrefix(dep.Path, "github.com/hashicorp/aws-sdk-go-base/") ||
			strings.HasPrefix(dep.Path, "github.com/aws/aws-sdk-go-v2") {
			fmt.Printf("%s %s\n", dep.Path, dep.Version)
		}
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "error: "+msg)
	os.Exit(1)
}
