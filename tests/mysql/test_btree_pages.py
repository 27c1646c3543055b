"""r1-06、r2-05、r2-07、r1-07：学生表的聚簇索引与 name 二级索引，在真实服务器上看执行计划，
再直接读 .ibd 文件里的页头，数出 B+ 树的层数、每层的页、同层页之间的双向链表。"""

import pytest

from snippets.mysql import student
from snippets.mysql.btree_height import btree_height, per_page
from snippets.mysql.explain import explain
from snippets.mysql.innodb_pages import btrees, walk_level

N = 100_000


@pytest.fixture(scope="module")
def db(ixdb):
    server, name = ixdb
    conn = server.connect(name)
    student.create(conn, N)
    yield server, name, conn
    conn.close()


@pytest.fixture(scope="module")
def trees(db):
    server, name, _ = db
    return btrees(server, name, "student")


def extras(plan):
    return {part.strip() for part in plan["extra"].split(";")}


# --8<-- [start:plans]
def test_covering_query_does_not_go_back_to_the_clustered_index(db):
    """只要 name 和 sno：二级索引的叶子里就有，Extra 出现 Using index（覆盖索引）。"""
    plan = explain(db[2], "SELECT sno, name FROM student WHERE name = 'name000010'")
    assert plan["type"] == "ref" and plan["key"] == "idx_name"
    assert "Using index" in extras(plan)


@pytest.mark.parametrize("columns", ["*", "age", "sno, address"])
def test_other_columns_need_a_lookup_in_the_clustered_index(db, columns):
    """要 age、address 这些列：先在 idx_name 找到主键，再回聚簇索引取整行（回表），没有 Using index。"""
    plan = explain(db[2], f"SELECT {columns} FROM student WHERE name = 'name000010'")
    assert plan["type"] == "ref" and plan["key"] == "idx_name"
    assert "Using index" not in extras(plan)


def test_secondary_index_entries_end_with_the_primary_key(db):
    """name = … AND sno > … 能在 idx_name 上按 (name, sno) 定位：key_len 比只用 name 多出 INT 主键的 4 字节。
    MySQL 叫 use_index_extensions，MariaDB 叫 extended_keys，默认都开。"""
    server = db[0]
    only_name = explain(db[2], "SELECT sno FROM student WHERE name = 'name000010'")
    name_and_pk = explain(db[2], "SELECT sno FROM student WHERE name = 'name000010' AND sno > 5")
    assert name_and_pk["key"] == "idx_name" and "Using index" in extras(name_and_pk)
    if server.engine == "mariadb":
        assert name_and_pk["key_len"] == only_name["key_len"] + 4
    else:  # MySQL 也可能只按 name 做 ref，再在索引里比较 sno
        assert name_and_pk["key_len"] in (only_name["key_len"], only_name["key_len"] + 4)
# --8<-- [end:plans]


# --8<-- [start:pages]
def test_every_level_is_a_doubly_linked_list(trees):
    """同一层的页用 FIL_PAGE_PREV / FIL_PAGE_NEXT 串成双向链表：从最左页沿 NEXT 能走遍整层，
    每一步的 PREV 都指回上一页。叶子层如此，非叶子层也如此。"""
    for name in ("PRIMARY", "idx_name"):
        tree = trees[name]
        for level, pages in tree.levels.items():
            assert sorted(walk_level(tree, level)) == sorted(p.no for p in pages)


def test_one_node_pointer_per_child_page(trees):
    """非叶子层的记录数 = 下一层的页数：每条 node pointer 是「键 + 一个子页页号」，键数与指针数相等。"""
    for tree in trees.values():
        recs, pages = tree.records_per_level, tree.pages_per_level
        for level in range(1, tree.height):
            assert recs[level] == pages[level - 1]


def test_leaves_hold_every_row_once(trees):
    """聚簇索引的叶子层放全部 N 行；name 索引的叶子层放 N 条 (name, sno)。"""
    assert trees["PRIMARY"].records_per_level[0] == N
    assert trees["idx_name"].records_per_level[0] == N


def test_shape_matches_the_model(trees, receipt, ixdb):
    """第一性原理的估算与磁盘上的真树对得上：一行约 103 字节 → 每页约 147 行，10 万行两层。"""
    primary = trees["PRIMARY"]
    rows_per_leaf = N / primary.pages_per_level[0]
    server = ixdb[0]
    for name in ("PRIMARY", "idx_name"):
        tree = trees[name]
        key = f"mysql.student.{server.engine}.{name.lower()}"
        receipt(f"{key}.height", tree.height, "层", versions=[server])
        receipt(f"{key}.leaf_pages", tree.pages_per_level[0], "页", versions=[server])
        receipt(f"{key}.records_per_leaf", N / tree.pages_per_level[0], "条", versions=[server])
    assert abs(rows_per_leaf - per_page(103)) / per_page(103) < 0.1, rows_per_leaf
    assert primary.height == btree_height(N, row_bytes=103, key_bytes=4) == 2
    # name 索引的叶子记录只有 5 + 11 + 4 = 20 字节，一页能放的条目是聚簇索引叶子的好几倍
    assert N / trees["idx_name"].pages_per_level[0] > 2.5 * rows_per_leaf
# --8<-- [end:pages]
