const k=require('./dist/kusto');
const fs=require('fs');
(async()=>{
const files=fs.readdirSync('kql').sort().map(f=>({path:'kql/'+f,text:fs.readFileSync('kql/'+f,'utf8')}));
const r=await k.loadSchema(files);
console.log(r.diagnostics.map(k.formatDiagnostic));
console.log(JSON.stringify(r.model.externalTables,null,1), JSON.stringify(r.model.continuousExports,null,1));
const out=k.renderSchema(r.model); console.log(out.split('\n\n').slice(-2).join('\n\n'));
const back=await k.readCslSchema(out); console.log(back.diagnostics, k.diffSchemas(back.model,r.model).commands);
})();
