// Allure 3 report settings (`npm run report`, scripts/report.ts): one self-contained HTML file that an auditor can
// open offline. The tree follows the FAPI profile, then the variant (project), then the spec area; the categories
// separate what the AS got wrong from the SHOULDs it did not follow, from what the harness could not judge and from
// what was not run.
export default {
  name: 'FAPI conformance',
  output: './reports/allure-report',
  categories: [
    {
      // Passed tests whose AS did not follow a SHOULD clause (fixtures/should.ts): counted apart, never a failure.
      id: 'should-warning',
      name: 'Warning: a SHOULD clause not followed',
      matchers: { statuses: ['passed'], labels: { verdict: 'warning' } },
      groupBy: [{ label: 'should-not-followed' }],
      groupByMessage: false,
    },
    {
      id: 'as-non-conformant',
      name: 'AS non-conformant',
      matchers: { statuses: ['failed'] },
      groupBy: [{ label: 'failed-requirement' }],
      groupByMessage: false,
    },
    {
      id: 'harness-error',
      name: 'Harness or configuration error (no verdict on the AS)',
      matchers: { statuses: ['broken'] },
      groupByMessage: true,
    },
    {
      id: 'skipped',
      name: 'Skipped: not supported by the AS, or not applicable to the variant',
      matchers: { statuses: ['skipped'] },
      groupByMessage: true,
    },
  ],
  plugins: {
    awesome: {
      options: {
        reportName: 'FAPI conformance',
        singleFile: true,
        groupBy: ['epic', 'parentSuite', 'feature'],
      },
    },
  },
};
