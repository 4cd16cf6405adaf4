import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/classify/classify.ts';
import { classifyOfficial } from '../../../src/classify/classify-official.ts';
import type { OfficialRecord } from '../../../src/model.ts';

const fr = (over: Partial<OfficialRecord>): OfficialRecord => ({ source: 'federal-register', type: 'RULE', agencies: [], agencyNames: [], documentNumber: '2027-01150', ...over });
const mention = { entityId: 'dji', matched: 'SZ DJI Technology', field: 'description' as const, weak: false };

describe('classifyOfficial', () => {
  it('decides from the document type and agency, whatever the title says', () => {
    expect(classifyOfficial(fr({ agencies: ['commerce-department', 'industry-and-security-bureau'], citation: '92 FR 3902' }), 'Revisions to the Export Administration Regulations')).toMatchObject({
      category: 'export-control',
      severity: 'high',
      official: true,
      citation: '92 FR 3902',
    });
    expect(classifyOfficial(fr({ type: 'NOTICE', agencies: ['foreign-assets-control-office'] }), 'Notice of OFAC Sanctions Actions')).toMatchObject({ category: 'sanctions', severity: 'high' });
    expect(classifyOfficial(fr({ type: 'PRORULE', agencies: ['industry-and-security-bureau'] }), 'Proposed Revisions')).toMatchObject({ category: 'export-control', severity: 'medium' });
    expect(classifyOfficial(fr({ agencies: ['industry-and-security-bureau'] }), 'Removal of Certain Entities From the Entity List')).toMatchObject({ category: 'revocation' });
    expect(classifyOfficial(fr({ agencies: ['industry-and-security-bureau'] }), 'Addition and Removal of Entities on the Entity List')).toMatchObject({ category: 'export-control' });
  });

  it('takes a presidential document as an order, a revocation when it revokes, lesser when it is a notice', () => {
    expect(classifyOfficial(fr({ type: 'PRESDOCU', eoNumber: '14601' }), 'Addressing the Threat Posed by TikTok')).toMatchObject({ category: 'executive-order', severity: 'high', citation: 'EO 14601' });
    expect(classifyOfficial(fr({ type: 'PRESDOCU', presidentialDocumentType: 'executive_order' }), 'Revoking Executive Order 13942')).toMatchObject({ category: 'revocation', severity: 'high' });
    expect(classifyOfficial(fr({ type: 'PRESDOCU', presidentialDocumentType: 'notice' }), 'Continuation of the National Emergency')).toMatchObject({ category: 'executive-order', severity: 'medium' });
    // On public inspection the kind of presidential document is not given yet.
    expect(classifyOfficial(fr({ source: 'public-inspection', type: 'PRESDOCU' }), 'Prohibiting Transactions With TikTok')).toMatchObject({ category: 'executive-order', severity: 'high', citation: 'FR Doc 2027-01150' });
  });

  it('classifies screening-list changes by list', () => {
    const list = (type: OfficialRecord['type'], name: string): OfficialRecord => ({ source: 'screening-list', type, agencies: [], agencyNames: [], list: name, changes: [] });
    expect(classifyOfficial(list('list-addition', 'Entity List (BIS)'), '')).toMatchObject({ category: 'export-control', severity: 'high' });
    expect(classifyOfficial(list('list-addition', 'Specially Designated Nationals (OFAC)'), '')).toMatchObject({ category: 'sanctions', severity: 'high' });
    expect(classifyOfficial(list('list-addition', 'Non-SDN Chinese Military-Industrial Complex Companies List (OFAC)'), '')).toMatchObject({ category: 'investment-restriction' });
    expect(classifyOfficial(list('list-removal', 'Entity List (BIS)'), '')).toMatchObject({ category: 'revocation', severity: 'high' });
    expect(classifyOfficial(list('list-change', 'Entity List (BIS)'), '')).toMatchObject({ category: 'export-control', severity: 'medium' });
  });

  it('leaves a notice from an agency it has no rule for to the text, still marked official with its citation', () => {
    const record = fr({ type: 'NOTICE', agencies: ['defense-department'], citation: '92 FR 4100' });
    expect(classifyOfficial(record, 'Entities Identified as Chinese Military Companies')).toBeUndefined();
    const c = classify({ title: 'Entities Identified as Chinese Military Companies', text: 'The Department of Defense adds SZ DJI Technology to its list.', feedUrl: 'http://127.0.0.1/fr.json', mentions: [mention], official: record });
    expect(c).toMatchObject({ official: true, citation: '92 FR 4100' });
  });
});
