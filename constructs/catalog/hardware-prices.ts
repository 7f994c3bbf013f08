/**
 * GPU hardware prices per catalog system, for offers where the operator owns the GPUs
 * (GPU-hour revenue). A system without a sourced price has none: an offer on it must be given
 * one (`hardwarePerGpu`, `--hardware-per-gpu`) rather than be priced at $0.
 */

export interface HardwarePrice {
  /** USD per system (per Kubernetes node: one DGX, or one NVL72 compute tray). */
  readonly usdPerNode: number;
  readonly source: string;
  readonly publicSource: string;
}

export const HARDWARE_PRICES: Readonly<Record<string, HardwarePrice>> = {
  // domain-facts 2026-12 additions: DGX B200 ≈ $515 k per system (~$64 k per GPU), press and analyst figures.
  'dgx-b200': { usdPerNode: 515_000, source: 'domain-facts 2026-12 additions: DGX B200 ≈ $515 k per system (press and analyst figures, a planning range)', publicSource: 'press and analyst reports 2025–2026: DGX B200 ≈ $515 k per system' },
  // derived: GB200 NVL72 ≈ $3 M per rack (domain-facts 2026-12 additions) ÷ 18 compute trays = $166,667 per tray.
  'gb200-nvl72': { usdPerNode: 166_667, source: 'derived: GB200 NVL72 ≈ $3 M per rack ÷ 18 trays (domain-facts 2026-12 additions, press and analyst figures)', publicSource: 'press and analyst reports 2025–2026: GB200 NVL72 ≈ $3 M per rack' },
};
