# Two MLSpace environments in one account, each with its own three policies on MLSpace's default
# documents: read access to shared base images, and push access for each project to its own
# repositories (dev) or to listed repositories (prod), inside MLSpace's own permission boundary.

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
  region = var.region
}

variable "region" {
  description = "Region of the MLSpace environments and their repositories."
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "Account of the repositories; null looks it up from the credentials."
  type        = string
  default     = null
}

locals {
  environments = {
    dev = {
      # {user} and {project} are each project-user role's MLSpace tags: one entry, every project.
      read_repositories  = ["base-images/*", "dev/users/{user}/*"]
      write_repositories = ["dev/projects/{project}/*"]
    }
    prod = {
      read_repositories  = ["base-images/*", "mlspace-prod-*"]
      write_repositories = ["mlspace-prod-trainers"]
    }
  }
}

module "mlspace_ecr_access" {
  source   = "../../modules/mlspace-ecr-access"
  for_each = local.environments

  region     = var.region
  account_id = var.account_id

  read_repositories  = each.value.read_repositories
  write_repositories = each.value.write_repositories
  # What a docker push needs (the module adds the read actions, the first of which a push starts
  # with); no deletion of images, repositories or repository policies.
  write_actions = ["InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage"]

  # MLSpace's boundary has 140 characters left: its ECR ceiling goes into MLSpace's own Allow on "*".
  compaction = {
    merge_statements          = true
    exact_action_wildcards    = true
    boundary_read_ceiling     = true
    boundary_all_repositories = true
    boundary_all_ecr_actions  = true
  }

  app_policy = {
    name             = "mlspace-${each.key}-app-policy"
    base_policy_json = file("${path.module}/../mlspace-policies/app-policy.json")
  }
  notebook_policy = {
    name             = "mlspace-${each.key}-notebook-policy"
    base_policy_json = file("${path.module}/../mlspace-policies/notebook-policy.json")
  }
  permission_boundary = {
    name             = "mlspace-${each.key}-project-user-permission-boundary"
    path             = "/mlspace/"
    base_policy_json = file("${path.module}/../mlspace-policies/permission-boundary.json")
  }

  tags = { "mlspace:environment" = each.key }
}

output "policy_arns" {
  description = "The three policy ARNs of each environment."
  value = { for env, m in module.mlspace_ecr_access : env => {
    app      = m.app_policy_arn
    notebook = m.notebook_policy_arn
    boundary = m.permission_boundary_arn
  } }
}

output "policy_size" {
  description = "Characters of each document by environment (IAM's limit: 6,144)."
  value       = { for env, m in module.mlspace_ecr_access : env => m.policy_size }
}
