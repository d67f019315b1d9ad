/**
 * SDK clients on the emulator and a state bucket set up the way the state backend issue asks keyless
 * to (versioning, SSE-KMS with a bucket key, public access blocked, ACLs disabled), so the lock
 * protocol runs against a bucket that looks like the real one. Test code only.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";

export const REGION = "eu-central-1";
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

export function clients(endpoint: string) {
  return {
    s3: new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials }),
    dynamodb: new DynamoDBClient({ endpoint, region: REGION, credentials }),
    kms: new KMSClient({ endpoint, region: REGION, credentials }),
  };
}

export type Clients = ReturnType<typeof clients>;

/** Creates the bucket and its hardening; returns the ARN of its default KMS key. */
export async function createStateBucket(c: Clients, bucket: string): Promise<string> {
  const key = await c.kms.send(new CreateKeyCommand({ Description: `state ${bucket}` }));
  const keyArn = key.KeyMetadata!.Arn!;
  await c.s3.send(
    new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
  );
  await c.s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }),
  );
  await c.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: keyArn },
            BucketKeyEnabled: true,
          },
        ],
      },
    }),
  );
  await c.s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await c.s3.send(
    new PutBucketOwnershipControlsCommand({
      Bucket: bucket,
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
    }),
  );
  return keyArn;
}

/** The lock table Terraform's DynamoDB locking needs: partition key LockID (string), on demand. */
export async function createLockTable(c: Clients, table: string): Promise<void> {
  await c.dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}

/** Terraform's LockInfo, as it writes it to `<key>.tflock` and to the DynamoDB `Info` attribute. */
export function lockInfo(id: string, path: string, who = "someone@build-host"): string {
  return JSON.stringify({
    ID: id,
    Operation: "OperationTypeApply",
    Info: "",
    Who: who,
    Version: "1.11.4",
    Created: "2025-01-01T00:00:00Z",
    Path: path,
  });
}
