/**
 * `npm run build` step: writes the HCL-consumable module and its README tables from the construct
 * and the input/output definitions. CI runs it and fails if the committed files differ.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../project-root";
import { renderHcl } from "./hcl-render";
import { withDocsTables } from "./module-docs";
import { GENERATED_NOTICE, moduleConfiguration } from "./module-json";

export const MODULE_DIRECTORY = join(PROJECT_ROOT, "modules", "mlspace-ecr-access");

/** Every generated file of the module, by path, with its content. */
export function generatedFiles(moduleDirectory = MODULE_DIRECTORY): Record<string, string> {
  const configuration = moduleConfiguration();
  const readmePath = join(moduleDirectory, "README.md");
  return {
    [join(moduleDirectory, "mlspace-ecr-access.tf.json")]: `${JSON.stringify(configuration, null, 2)}\n`,
    [join(moduleDirectory, "hcl", "mlspace-ecr-access.tf")]: renderHcl(configuration, [
      GENERATED_NOTICE,
      "The same module as ../mlspace-ecr-access.tf.json, in HCL for reading; either can be the module source.",
    ]),
    [readmePath]: withDocsTables(readFileSync(readmePath, "utf8")),
  };
}

if (require.main === module) {
  for (const [path, content] of Object.entries(generatedFiles())) {
    writeFileSync(path, content);
    console.log(`generated ${relative(process.cwd(), path)}`);
  }
}
