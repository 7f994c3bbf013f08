/**
 * Splitting a site's output files into what `plan` compares: Kubernetes-shaped objects (any
 * YAML document with top-level `kind:` and `metadata:`, from any target folder) and whole
 * files (everything else: kustomization.yaml, cloud-init, DHCP configs, iPXE, Terraform JSON).
 *
 * Documents are kept as text: identical text on both sides is the same object unchanged, so
 * only documents that differ are ever parsed. That keeps a plan of a 20k-node site fast.
 */

export interface ObjectDocument {
  /** Target folder: first path segment, `.` for files at the site folder's root. */
  readonly target: string;
  readonly file: string;
  readonly text: string;
}

export interface SiteDocuments {
  /** Object documents per target folder. */
  readonly objects: ReadonlyMap<string, readonly ObjectDocument[]>;
  /** Other files: path → content. */
  readonly files: ReadonlyMap<string, string>;
}

const DOC_SEPARATOR = /^---[ \t]*(?:#.*)?$/m;
const OBJECT_SHAPE = /^kind:[ \t]*\S/m;
const METADATA = /^metadata:/m;
/** A line that is neither blank nor a comment. */
const HAS_CONTENT = /^[ \t]*[^\s#]/m;

export function targetOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

export function splitSiteFiles(files: ReadonlyMap<string, string>): SiteDocuments {
  const objects = new Map<string, ObjectDocument[]>();
  const others = new Map<string, string>();
  for (const [file, content] of files) {
    const docs = /\.ya?ml$/.test(file) ? yamlDocuments(content) : null;
    if (!docs || docs.length === 0 || !docs.every(isObjectShaped)) {
      others.set(file, content);
      continue;
    }
    const target = targetOf(file);
    let list = objects.get(target);
    if (!list) objects.set(target, (list = []));
    for (const text of docs) list.push({ target, file, text });
  }
  return { objects, files: others };
}

/** Documents of a YAML stream, without blank or comment-only ones. */
export function yamlDocuments(content: string): string[] {
  const docs: string[] = [];
  for (const part of content.split(DOC_SEPARATOR)) {
    const text = (part.includes('...') ? part.replace(/^\.\.\.[ \t]*$/m, '') : part).trim();
    if (text === '' || !HAS_CONTENT.test(text)) continue;
    docs.push(text);
  }
  return docs;
}

function isObjectShaped(doc: string): boolean {
  return OBJECT_SHAPE.test(doc) && METADATA.test(doc);
}
