/** Which round an agreement-phase card showed, and the revision of the agreement it was drawn from. */
export interface AgreementAddress {
  readonly placementId: string;
  readonly round: number;
  readonly rev: number;
}
