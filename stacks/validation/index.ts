/** Validation of Kubernetes objects against upstream OpenAPI schemas and a folder of CRDs. */
export { CrdCatalog, type Crd, type CrdMatch, type CrdVersion } from './crd-catalog';
export { coreKindProblems, isCoreKind } from './core-kinds';
export { ObjectValidator, type CelTally, type KubernetesObject, type ObjectProblem, type ValidateOptions } from './object-validator';
export { allRules, CelRules, isTransition, NO_LIVE_OBJECT, type CelRule, type SkippedRule } from './cel/rules';
export { functionsCalled, KUBERNETES_FUNCTIONS, unboundFunctions } from './cel/library';
export { OBJECT_FOLDERS, objectsInOutput, type FileObject } from './output-objects';
export { prunedFields, type FieldProblem } from './pruned-fields';
export { crdFolderSetting } from './crd-folder';
