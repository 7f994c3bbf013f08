/**
 * The hardware delivery inventory (serials, MACs, BMC addresses) named by `spec.inventory`.
 * Until an inventory arrives, every node is pending and nothing that needs a MAC is invented.
 *
 * Two steps: `loadInventory` reads the CSV or YAML manifest into rows (with their lines), and
 * `bindInventory` — called by the resolver once pools and racks are known — matches each row
 * to a node and checks the whole manifest. Every problem is reported with the manifest's own
 * file:line, together with the site's problems.
 *
 * Manifests from vendors often carry BMC passwords. They are recognised, never kept: the
 * parsed rows do not hold them, so nothing downstream can write them.
 */
export { INVENTORY_FIELDS, loadInventory, parseInventoryText, type InventoryField, type InventoryManifest, type InventoryRow } from './read';
export { bindInventory, normaliseMac } from './bind';
