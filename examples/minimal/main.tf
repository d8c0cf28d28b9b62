# Read-only access to two ECR repositories for MLSpace's App and Notebook roles and its
# per-project-user roles. Partition, region and account come from the provider's credentials.

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "mlspace_ecr_access" {
  source = "../../modules/mlspace-ecr-access"
  # From another repository: source = "git::https://example.com/your-org/mlspace-ecr-access.git//modules/mlspace-ecr-access?ref=v0.1.0"

  read_repositories = ["custom-repo1", "custom-repo2"]

  # The policies as MLSpace created them; the ECR statements are added to these documents.
  app_policy          = { base_policy_json = file("${path.module}/../mlspace-policies/app-policy.json") }
  notebook_policy     = { base_policy_json = file("${path.module}/../mlspace-policies/notebook-policy.json") }
  permission_boundary = { base_policy_json = jsonencode({ Version = "2012-10-17", Statement = [] }) }
}

output "policy_size" {
  description = "Characters of each document (IAM's limit: 6,144)."
  value       = module.mlspace_ecr_access.policy_size
}
