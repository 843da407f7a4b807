// Allure 3 report settings (`npm run report`): one self-contained HTML file that an auditor can open offline.
export default {
  name: 'FAPI conformance',
  output: './reports/allure-report',
  plugins: {
    awesome: {
      options: {
        reportName: 'FAPI conformance',
        singleFile: true,
        groupBy: ['parentSuite', 'suite', 'subSuite'],
      },
    },
  },
};
