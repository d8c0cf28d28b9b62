import { readFileSync } from "node:fs";
import { DLC_REGISTRY_ACCOUNTS, DLC_REGISTRY_SOURCE } from "../modules/mlspace-ecr-access/aws-base-image-registries";
import { PARTITIONS, partitionRegionPattern } from "../modules/mlspace-ecr-access/naming-rules";
import { dlcRegistryAccounts, readExtract, renderDlcRegistryModule, TABLE_PATH } from "../tools/base-images/dlc-registry-table";

/** The committed region → account table is what the generator makes of the vendored SDK extract. */
describe("AWS Deep Learning Containers' registry table", () => {
  const extract = readExtract();

  it("is exactly what the generator makes of the vendored extract, from the commit it names", () => {
    expect(readFileSync(TABLE_PATH, "utf8")).toBe(renderDlcRegistryModule(extract));
    expect(DLC_REGISTRY_ACCOUNTS).toEqual(dlcRegistryAccounts(extract));
    expect(DLC_REGISTRY_SOURCE.commit).toBe(extract.commit);
    expect(extract.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.values(extract.files).every((file) => /^[0-9a-f]{40}$/.test(file.blob))).toBe(true);
  });

  it("holds the registries AWS documents for the regions MLSpace runs in", () => {
    expect(DLC_REGISTRY_ACCOUNTS["us-east-1"]).toBe("763104351884");
    expect(DLC_REGISTRY_ACCOUNTS["us-gov-west-1"]).toBe("442386744353");
    expect(DLC_REGISTRY_ACCOUNTS["us-gov-east-1"]).toBe("446045086412");
    expect(DLC_REGISTRY_ACCOUNTS["cn-north-1"]).toBe("727897471807");
    expect(Object.keys(DLC_REGISTRY_ACCOUNTS).length).toBeGreaterThan(30);
  });

  it("names only regions of some partition, and 12-digit accounts", () => {
    const regionOfSomePartition = (region: string) => PARTITIONS.some((partition) => new RegExp(partitionRegionPattern(partition)).test(region));
    expect(Object.keys(DLC_REGISTRY_ACCOUNTS).filter((region) => !regionOfSomePartition(region))).toEqual([]);
    expect(Object.values(DLC_REGISTRY_ACCOUNTS).filter((account) => !/^[0-9]{12}$/.test(account))).toEqual([]);
  });

  it("refuses two DLC maps that disagree on a region, naming it, both accounts and files", () => {
    const conflicting = {
      ...extract,
      files: {
        "a.json": { blob: "0".repeat(40), registries: [{ "us-east-1": "763104351884", "eu-west-1": "763104351884" }] },
        "b.json": { blob: "1".repeat(40), registries: [{ "us-east-1": "763104351884", "eu-west-1": "111122223333" }] },
      },
    };
    expect(() => dlcRegistryAccounts(conflicting)).toThrow("DLC registry conflict in eu-west-1: 763104351884 (a.json) and 111122223333 (b.json)");
  });

  it("leaves out the registries of other images (us-east-1 another account)", () => {
    const other = { ...extract, files: { "x.json": { blob: "0".repeat(40), registries: [{ "us-east-1": "683313688378", "eu-west-1": "141502667606" }] } } };
    expect(dlcRegistryAccounts(other)).toEqual({});
  });
});
