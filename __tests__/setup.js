const cdktf = require("cdktf");
cdktf.Testing.setupJest();

// The test file's offline Terraform runs share one reattached AWS provider (support/reattached-provider.ts).
const { stopOfflineProvider } = require("./support/reattached-provider");
afterAll(stopOfflineProvider);
