/**
 * A synthetic schema of the shape the medallion has, at any size: pairs of a raw landing table
 * (JSON mapping, retention, caching) and a typed table (its transform function, an update policy
 * from the raw table, retention). `tables` tables make `4 × tables` commands, spread over files of
 * 20 tables each. Used by the bench (200 tables ≈ 800 commands) and by the reader-agreement test.
 */
import type { SourceFile } from "../kusto";

export function generateSchema(tables: number): SourceFile[] {
    const files: SourceFile[] = [];
    let blocks: string[] = [];
    const flush = (): void => {
        if (blocks.length) files.push({ path: `generated/${String(files.length + 1).padStart(3, "0")}.kql`, text: `${blocks.join("\n\n")}\n` });
        blocks = [];
    };
    for (let i = 0; i < tables; i += 2) {
        const raw = `Raw${i}`;
        const typed = `Typed${i + 1}`;
        blocks.push(
            `// Landing table ${i}.\n.create-merge table ${raw} (Data: dynamic, ReceivedAt: datetime) with (folder = "Landing", docstring = "Raw documents of source ${i}")`,
            `.create-or-alter table ${raw} ingestion json mapping "${raw}_mapping" '[{"column":"Data","Properties":{"Path":"$"}},{"column":"ReceivedAt","Properties":{"Transform":"SourceLocation"}}]'`,
            `.alter-merge table ${raw} policy retention softdelete = ${7 + (i % 5)}d recoverability = enabled`,
            `.alter table ${raw} policy caching hot = 1d`,
        );
        if (i + 1 >= tables) continue;
        blocks.push(
            `.create-merge table ${typed} (Id: string, At: datetime, Value${i}: real, Count: long, Flag: bool, Note: string) with (folder = "Typed", docstring = "Typed rows of source ${i}")`,
            `.create-or-alter function with (folder = "Typed", docstring = "Types ${raw}") parse_${raw}() {\n    ${raw}\n    | project Id = tostring(Data.id), At = todatetime(Data.at), Value${i} = toreal(Data.v), Count = tolong(Data.c), Flag = tobool(Data.f), Note = tostring(Data.n)\n}`,
            `.alter table ${typed} policy update @'[{"IsEnabled": true, "Source": "${raw}", "Query": "parse_${raw}()", "IsTransactional": true}]'`,
            `.alter-merge table ${typed} policy retention softdelete = 365d recoverability = enabled`,
        );
        if ((i + 2) % 20 === 0) flush();
    }
    flush();
    return files;
}
