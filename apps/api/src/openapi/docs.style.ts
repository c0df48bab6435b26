/** The reference page's stylesheet, served by this process (`/docs/reference.css`): nothing is fetched from elsewhere. */
export const DOCS_STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 14rem 1fr; color: #1d2330; }
header { grid-column: 1 / 3; padding: 1rem 2rem; background: #f3f5f8; border-bottom: 1px solid #d8dde6; }
header h1 { margin: 0 0 .3rem; font-size: 1.4rem; }
nav { padding: 1rem; border-right: 1px solid #d8dde6; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav a { text-decoration: none; }
.count { color: #6b7585; font-size: .8rem; }
main { padding: 0 2rem 3rem; min-width: 0; }
h2 { margin-top: 2rem; border-bottom: 1px solid #d8dde6; }
.op { margin: 1rem 0; padding: .6rem 1rem; border: 1px solid #e2e6ed; border-radius: 6px; }
.op h3 { margin: 0; font-size: 1rem; word-break: break-all; }
.op p { margin: .3rem 0; }
.summary { font-weight: 600; }
.method { display: inline-block; min-width: 4.2rem; text-align: center; border-radius: 4px; color: #fff; background: #6b7585; font-size: .8rem; padding: 0 .3rem; }
.method.get { background: #2f7d32; } .method.post { background: #1f5fa8; } .method.put { background: #9a6700; }
.method.patch { background: #6f42c1; } .method.delete { background: #b3261e; }
.since, .public, .in { font-size: .75rem; border: 1px solid #c5ccd8; border-radius: 4px; padding: 0 .3rem; color: #3c4556; font-weight: normal; }
.params { margin: .2rem 0; }
pre { background: #f6f8fa; padding: .6rem; overflow: auto; max-height: 28rem; font-size: .8rem; }
code { font-size: .9em; }
`;
